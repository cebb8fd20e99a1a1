"""FakeHub: a test fake of the hub at the MQTT seam — records what devices publish and acks every event id.

Not the real hub (hub/ is built separately); it stands in for it so the agent's side can be tested alone.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from onestop.dev.waiting import wait_until
from wire import Channel, Decoded, DecodeError, Payload, decode, encode, make_envelope, topics
from wire.broker import parse_broker_url
from wire.payloads.device import Ack


class FakeHub:
    """Subscribes to everything devices publish; acks events in batches unless ``acking`` is False."""

    def __init__(self, broker_url: str, acking: bool = True) -> None:
        address = parse_broker_url(broker_url)
        self.acking = acking
        self.events: Counter[str] = Counter()  # event id -> times received
        self.event_messages: list[Decoded] = []
        self.states: list[Decoded] = []
        self.other: list[Decoded] = []
        self.rejected: list[str] = []
        self.responders: dict[str, Callable[[Decoded], Payload]] = {}
        self._pending: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
        self._lock = threading.RLock()
        self._running = True
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="fake-hub", clean_session=True)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(0.1, 0.5)
        self.client.max_inflight_messages_set(1000)
        self.client.connect_async(address.host, address.port, keepalive=10)
        self.client.loop_start()
        self._flusher = threading.Thread(target=self._flush_loop, daemon=True)
        self._flusher.start()

    def close(self) -> None:
        self._running = False
        self.client.disconnect()
        self.client.loop_stop()

    def __enter__(self) -> FakeHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        client.subscribe([(f, 1) for f in topics.hub_subscriptions()])

    def _on_message(self, _c: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        try:
            decoded = decode(message.topic, message.payload)
        except DecodeError as exc:
            with self._lock:
                self.rejected.append(str(exc))
            return
        address = decoded.address
        with self._lock:
            if address.channel is Channel.EVENT:
                self.events[decoded.envelope.id] += 1
                self.event_messages.append(decoded)
                if self.acking:
                    self._pending[(address.site, address.device)].append(decoded.envelope.id)
            elif address.channel is Channel.STATE:
                self.states.append(decoded)
            else:
                self.other.append(decoded)
        responder = self.responders.get(decoded.envelope.type)
        if address.channel is Channel.REQUEST and responder is not None:
            self.send(address.site, address.device, responder(decoded), corr=decoded.envelope.id)

    def send(self, site: str, device: str, body: Payload, corr: str | None = None) -> str:
        """Publish a hub message (command or response) to one device; returns its id."""
        envelope = make_envelope(body, device="hub", session=0, seq=0, corr=corr)
        type_name = body.TYPE if body.CHANNEL in (Channel.COMMAND, Channel.RESPONSE) else None
        self.client.publish(topics.topic_for(site, device, body.CHANNEL, type_name), encode(envelope), qos=1)
        return envelope.id

    def _flush_loop(self) -> None:
        while self._running:
            time.sleep(0.02)
            with self._lock:
                pending, self._pending = self._pending, defaultdict(list)
            for (site, device), ids in pending.items():
                for start in range(0, len(ids), 1000):
                    body = Ack(ids=ids[start : start + 1000])
                    envelope = make_envelope(body, device="hub", session=0, seq=0)
                    self.client.publish(topics.ack(site, device), encode(envelope), qos=1)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
        """Whether ``predicate()`` held (checked under the hub's lock) within ``timeout``; callers assert it."""

        def held() -> bool:
            with self._lock:
                return bool(predicate())

        try:
            return wait_until(held, timeout, "the fake hub's condition", step=0.02)
        except AssertionError:
            return False

    def states_of(self, device: str) -> list[Decoded]:
        with self._lock:
            return [s for s in self.states if s.address.device == device]
