"""A test stand-in for the edge agent: real MQTT client, keeps every event until the hub's ack names it.

Like the agent it numbers publishes per session (birth = 0), re-sends what is un-acked (marked
historical, with a new seq), and starts a new session with a birth on every connect.
"""

from __future__ import annotations

import threading
import time

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from onestop.dev.waiting import wait_until
from wire import Channel, Decoded, Payload, decode, encode, make_envelope, new_message_id, topics
from wire.payloads.device import Birth, Death
from wire.payloads.visits import KioskVisit


class AgentDouble:
    def __init__(self, port: int, device: str, site: str = "s1") -> None:
        self.port, self.device, self.site = port, device, site
        self.session = 0
        self._seq = 0
        self._lock = threading.Lock()
        self.pending: dict[str, Payload] = {}  # id -> body, until acked
        self.acked: set[str] = set()
        self.sent: list[str] = []
        self.received: list[Decoded] = []
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"double-{device}", clean_session=True
        )
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.max_inflight_messages_set(1000)
        self.client.max_queued_messages_set(0)
        self.connected = threading.Event()

    def start(self) -> AgentDouble:
        self._next_session()
        self.client.connect_async("127.0.0.1", self.port, keepalive=5)
        self.client.loop_start()
        assert self.connected.wait(10), f"{self.device} could not connect"
        return self

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _next_session(self) -> None:
        self.session += 1
        self._seq = 0
        will = make_envelope(Death(), device=self.device, session=self.session, seq=0)
        self.client.will_set(topics.state(self.site, self.device), encode(will), qos=1, retain=True)

    def _on_connect(self, client: mqtt.Client, *_args: object) -> None:
        for f in topics.device_subscriptions(self.site, self.device):
            client.subscribe(f, 1)
        self.publish_birth()
        self.connected.set()

    def _on_message(self, _c: mqtt.Client, _u: object, msg: mqtt.MQTTMessage) -> None:
        decoded = decode(msg.topic, msg.payload)
        self.received.append(decoded)
        if decoded.address.channel is Channel.ACK:
            with self._lock:
                for event_id in decoded.body.model_dump()["ids"]:
                    self.pending.pop(event_id, None)
                    self.acked.add(event_id)

    def next_seq(self) -> int:
        with self._lock:
            seq, self._seq = self._seq, (self._seq + 1) % 256
            return seq

    def publish_birth(self) -> None:
        self._seq = 0
        env = make_envelope(
            Birth(kind="simulated", agent_version="test"),
            device=self.device,
            session=self.session,
            seq=self.next_seq(),
        )
        self.client.publish(topics.state(self.site, self.device), encode(env), qos=1, retain=True)

    def publish(self, topic: str, body: Payload, msg_id: str | None = None, historical: bool = False) -> str:
        env = make_envelope(
            body,
            device=self.device,
            session=self.session,
            seq=self.next_seq(),
            msg_id=msg_id,
            historical=historical,
        )
        self.client.publish(topic, encode(env), qos=1)
        return env.id

    def emit(self, n: int, body: Payload | None = None) -> list[str]:
        """Make ``n`` events, keep them pending, publish them."""
        ids = []
        for _ in range(n):
            event_id = new_message_id()
            payload = body or KioskVisit(seconds=1, outcome="completed")
            with self._lock:
                self.pending[event_id] = payload
            self.sent.append(event_id)
            self.publish(topics.event(self.site, self.device, payload.TYPE), payload, msg_id=event_id)
            ids.append(event_id)
        return ids

    def resend_pending(self) -> int:
        with self._lock:
            todo = list(self.pending.items())
        for event_id, body in todo:
            self.publish(
                topics.event(self.site, self.device, body.TYPE), body, msg_id=event_id, historical=True
            )
        return len(todo)

    def drain(self, timeout: float, resend_after: float = 3.0) -> bool:
        """Wait until every event is acked, re-sending the pending ones every ``resend_after`` seconds."""
        last = time.monotonic()

        def acked() -> bool:
            nonlocal last
            if not self.pending:
                return True
            if time.monotonic() - last > resend_after:
                self.resend_pending()
                last = time.monotonic()
            return False

        try:
            return wait_until(acked, timeout, f"{self.device}: every event acknowledged", step=0.05)
        except AssertionError:
            return False  # the callers assert, naming what is still pending
