"""One device's MQTT session: birth/death, session and seq numbers, reconnect, and the outbox sender.

Runs on a NetLoop: all paho calls happen on the loop thread. Every connect uses a fresh paho client
(clean session) with a last will carrying the new session number; what must survive lives in the
outbox, which is re-sent oldest first after each connect and whenever the hub's ack is overdue.
"""

from __future__ import annotations

import errno
import json
import logging
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from edge_agent.backoff import Backoff
from edge_agent.netloop import NetLoop, Timer
from edge_agent.outbox import Entry, Outbox, OutboxError
from edge_agent.sequence import SeqCounter, is_historical
from wire import (
    PROTOCOL_VERSION,
    Channel,
    Decoded,
    DecodeError,
    DeviceKind,
    Envelope,
    Payload,
    decode,
    encode,
    make_envelope,
    new_message_id,
    now_ms,
    topics,
)
from wire.broker import BrokerAddress, MqttProtocol
from wire.payloads.device import Ack, Birth, Death

log = logging.getLogger(__name__)
AGENT_VERSION = "0.2.0"  # 0.2: speaks the forms library messages (forms.*, issue 15)


@dataclass(frozen=True, slots=True)
class SessionSettings:
    """What one device session needs to know; built from AgentConfig or by the fleet simulator."""

    device_id: str
    site: str
    kind: DeviceKind
    broker: BrokerAddress
    protocol: MqttProtocol = MqttProtocol.V311
    keepalive: int = 30
    ack_timeout: float = 5.0
    backoff_min: float = 0.5
    backoff_max: float = 30.0
    window: int = 500
    topic_version: int = topics.VERSION  # 1 only while the hub is older than the portable v2 topics


@dataclass
class SessionHooks:
    """What the owner of a session hears about; every hook runs on the loop thread and must not block."""

    birth: Callable[[], Birth] | None = None
    on_message: Callable[[Decoded], None] | None = None  # commands and responses for this device
    on_online: Callable[[int], None] | None = None  # the session number that just came up
    on_offline: Callable[[], None] | None = None
    on_acked: Callable[[int], None] | None = None  # how many events just left the outbox
    components: Callable[[], list[str]] = field(default=list)


class DeviceSession:
    """The MQTT life of one device. ``start``/``stop``/``wake``/``publish`` may be called from any thread."""

    def __init__(self, settings: SessionSettings, outbox: Outbox, loop: NetLoop, hooks: SessionHooks) -> None:
        self.settings = settings
        self.outbox = outbox
        self.loop = loop
        self.hooks = hooks
        self._backoff = Backoff(settings.backoff_min, settings.backoff_max)
        self._seq = SeqCounter()
        self._client: mqtt.Client | None = None
        self._online = False
        self._commands_ready = False
        self._subscribe_mid: int | None = None
        self._stopping = False
        self._session = outbox.session()
        self._started_ms = 0
        self._inflight: OrderedDict[str, tuple[Entry, float]] = OrderedDict()
        self._cursor = 0
        self._event_topics: dict[str, str] = {}
        self._last_ack = 0.0
        self._pump_pending = False
        self._retry: Timer | None = None
        #: the session number of an attempt whose socket never opened (nothing reached a broker): the next
        #: attempt reuses it instead of another fsync'd counter write, so a fleet retrying a dead broker
        #: does not queue thousands of disk syncs in front of the connects that follow its restart
        self._unused_session = False
        self._tick: Timer | None = None
        self._stopped = threading.Event()
        # urgent events sent before their outbox write completed (``send_early``): ids not on disk yet,
        # those the hub acked meanwhile, and those whose removal from disk is under way
        self._early: set[str] = set()
        self._acked_early: set[str] = set()
        self._forgetting: set[str] = set()
        self.connects = 0
        self.resends = 0
        self.sent_early = 0

    # -- status (read from any thread) -----------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self._online

    @property
    def commands_ready(self) -> bool:
        """The broker granted this connection's command subscriptions: a command sent now reaches the device."""
        return self._online and self._commands_ready

    @property
    def session(self) -> int:
        return self._session

    @property
    def inflight(self) -> int:
        return len(self._inflight)

    # -- public, thread-safe -------------------------------------------------------------------------

    def start(self) -> None:
        self.loop.call_soon_threadsafe(self._connect)

    def stop(self, reason: str = "shutdown", timeout: float = 3.0) -> None:
        """Say goodbye (a retained death for this session), disconnect, and stop reconnecting."""
        self._stopped.clear()
        self.loop.call_soon_threadsafe(self._stop, reason)
        if not self.loop.in_loop_thread():
            self._stopped.wait(timeout)

    def wake(self) -> None:
        """New events are in the outbox: send what the window allows (coalesced)."""
        if not self._pump_pending:
            self._pump_pending = True
            self.loop.call_soon_threadsafe(self._pump)

    def send_early(self, entry: Entry) -> None:
        """Send an urgent event now, while its outbox write (and fsync) is still under way; call
        ``made_durable(entry.id)`` once that write returned. The outbox still holds the event until the
        hub acknowledges it: an ack that arrives first is kept until the event is on disk, then the event
        is forgotten; if the agent dies before the write, the event was never acknowledged to its source."""
        self._early.add(entry.id)  # before the loop sends it, so no ack can come first
        self.loop.call_soon_threadsafe(self._send_early, entry)

    def made_durable(self, msg_id: str) -> None:
        """The outbox write of an event given to ``send_early`` returned (stored, or failed)."""
        self.loop.call_soon_threadsafe(self._made_durable, msg_id)

    def publish(self, body: Payload, *, corr: str | None = None, msg_id: str | None = None) -> str | None:
        """Send a non-durable message (telemetry, request, cmdack) now; None when offline."""
        if not self._online:
            return None
        msg_id = msg_id or new_message_id()
        self.loop.call_soon_threadsafe(self._publish_now, body, corr, msg_id)
        return msg_id

    def rebirth(self) -> None:
        """Publish the birth again with seq 0 (the hub lost track of this device)."""
        self.loop.call_soon_threadsafe(self._publish_birth)

    # -- connecting ----------------------------------------------------------------------------------

    def _connect(self) -> None:
        """Advance the persisted session counter (on the I/O pool: it fsyncs), then connect; an attempt
        after one whose socket never opened keeps that attempt's number (no broker saw it)."""
        self._retry = None
        if self._stopping:
            return
        if self._unused_session:
            same: Future[int] = Future()
            same.set_result(self._session)
            self._connect_with(same)
            return
        self.loop.run_io(self.outbox.next_session, self._connect_with)

    def _connect_with(self, next_session: Future[int]) -> None:
        if self._stopping:
            return
        settings = self.settings
        try:
            self._session = next_session.result()
        except OutboxError as exc:
            log.error("%s: %s", settings.device_id, exc)
            self._schedule_reconnect()
            return
        v5 = settings.protocol is MqttProtocol.V5
        client = (
            mqtt.Client(CallbackAPIVersion.VERSION2, client_id=settings.device_id, protocol=mqtt.MQTTv5)
            if v5
            else mqtt.Client(
                CallbackAPIVersion.VERSION2,
                client_id=settings.device_id,
                protocol=mqtt.MQTTv311,
                clean_session=True,
            )
        )
        if settings.broker.username:
            client.username_pw_set(settings.broker.username, settings.broker.password)
        death = make_envelope(
            Death(), device=settings.device_id, session=self._session, seq=0
        )  # the last will, carrying the session it ends
        client.will_set(
            topics.state(settings.site, settings.device_id, version=settings.topic_version),
            encode(death),
            qos=1,
            retain=True,
        )
        client.max_inflight_messages_set(settings.window + 20)
        client.max_queued_messages_set(0)
        client.connect_timeout = 3.0
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        self.loop.attach(client)
        self._client = client
        self._unused_session = False
        try:
            client.connect(settings.broker.host, settings.broker.port, settings.keepalive)
            _no_delay(client.socket())
        except OSError as exc:
            self._unused_session = client.socket() is None  # refused or unreachable: nothing was sent
            if exc.errno in (errno.EMFILE, errno.ENFILE):  # not the broker's fault: say what to change
                log.error(
                    "%s: cannot open a socket, too many open files (raise `ulimit -n`): %s",
                    settings.device_id,
                    exc,
                )
            else:
                log.debug("%s: connect to %s:%s failed: %s", settings.device_id, *_where(settings), exc)
            self._client = None
            self._schedule_reconnect()

    def _schedule_reconnect(self) -> None:
        if self._stopping or self._retry is not None:
            return
        delay = self._backoff.next_delay()
        self._retry = self.loop.call_later(delay, self._connect)

    def _on_connect(self, client: mqtt.Client, _u: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if client is not self._client:
            return
        if reason.is_failure:
            log.warning("%s: broker refused the connection: %s", self.settings.device_id, reason)
            return  # paho closes the socket and on_disconnect schedules the retry
        self._online = True
        self.connects += 1
        self._backoff.reset()
        self._started_ms = now_ms()
        self._inflight.clear()
        self._cursor = 0
        self._publish_birth()
        self._commands_ready = False
        _, self._subscribe_mid = client.subscribe(
            [
                (f, 1)
                for f in topics.device_subscriptions(
                    self.settings.site, self.settings.device_id, version=self.settings.topic_version
                )
            ]
        )
        if self.hooks.on_online:
            self.hooks.on_online(self._session)
        self._pump()
        if self._tick is None:
            self._tick = self.loop.call_later(self._tick_interval(), self._check_overdue)

    def _on_subscribe(self, client: mqtt.Client, _u: Any, mid: int, reasons: Any, _props: Any) -> None:
        if client is not self._client or mid != self._subscribe_mid:
            return
        refused = [r for r in reasons if r.is_failure]
        if refused:
            log.warning("%s: broker refused the command subscriptions: %s", self.settings.device_id, refused)
        self._commands_ready = not refused

    def _on_disconnect(self, client: mqtt.Client, _u: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if client is not self._client:
            return
        was_online = self._online
        self._online = False
        self._commands_ready = False
        self._client = None
        if was_online:
            log.debug("%s: disconnected (%s)", self.settings.device_id, reason)
            if self.hooks.on_offline:
                self.hooks.on_offline()
        if self._stopping:
            self._stopped.set()
        else:
            self._schedule_reconnect()

    def _stop(self, reason: str) -> None:
        self._stopping = True
        for timer in (self._retry, self._tick):
            if timer is not None:
                timer.cancel()
        client = self._client
        if client is None or not self._online:
            if client is not None:
                client.disconnect()
            self._online = False
            self._stopped.set()
            return
        death = make_envelope(
            Death(reason=reason[:500]), device=self.settings.device_id, session=self._session, seq=0
        )
        client.publish(
            topics.state(self.settings.site, self.settings.device_id, version=self.settings.topic_version),
            encode(death),
            qos=1,
            retain=True,
        )
        client.disconnect()

    # -- sending ---------------------------------------------------------------------------------------

    def _publish_birth(self) -> None:
        client = self._client
        if client is None or not self._online:
            return
        self._seq.reset()
        hooks = self.hooks
        birth = hooks.birth() if hooks.birth else Birth(kind=self.settings.kind, agent_version=AGENT_VERSION)
        birth = birth.model_copy(
            update={"queued": self.outbox.depth(), "components": tuple(hooks.components())}
        )
        envelope = make_envelope(
            birth, device=self.settings.device_id, session=self._session, seq=self._seq.next()
        )
        client.publish(
            topics.state(self.settings.site, self.settings.device_id, version=self.settings.topic_version),
            encode(envelope),
            qos=1,
            retain=True,
        )

    def _publish_now(self, body: Payload, corr: str | None, msg_id: str) -> None:
        client = self._client
        if client is None or not self._online:
            return
        settings = self.settings
        envelope = make_envelope(
            body,
            device=settings.device_id,
            session=self._session,
            seq=self._seq.next(),
            msg_id=msg_id,
            corr=corr,
        )
        type_name = body.TYPE if body.CHANNEL in (Channel.TELEMETRY, Channel.REQUEST) else None
        topic = topics.topic_for(
            settings.site, settings.device_id, body.CHANNEL, type_name, version=settings.topic_version
        )
        client.publish(topic, encode(envelope), qos=0 if body.CHANNEL is Channel.TELEMETRY else 1)

    def _send_event(self, entry: Entry, resend: bool) -> None:
        assert self._client is not None
        settings = self.settings
        envelope = Envelope(
            v=PROTOCOL_VERSION,
            id=entry.id,
            device=settings.device_id,
            session=self._session,
            seq=self._seq.next(),
            ts=entry.ts,
            type=entry.type,
            historical=is_historical(entry.ts, self._started_ms, resend),
            body=json.loads(entry.body),
        )
        self._inflight[entry.id] = (entry, time.monotonic())
        self._inflight.move_to_end(entry.id)
        self._client.publish(
            topics.event(settings.site, settings.device_id, entry.type, version=settings.topic_version),
            encode(envelope),
            qos=1,
        )

    def _send_early(self, entry: Entry) -> None:
        if self._online and self._client is not None and entry.id not in self._inflight:
            self._send_event(entry, resend=False)
            self.sent_early += 1

    def _made_durable(self, msg_id: str) -> None:
        self._early.discard(msg_id)
        if msg_id in self._acked_early:  # the hub stored it before our fsync returned: forget it now
            self._acked_early.discard(msg_id)
            self._forget([msg_id])

    def _forget(self, ids: list[str]) -> None:
        self._forgetting.update(ids)

        def done(result: Future[int]) -> None:
            self._forgetting.difference_update(ids)
            self._removed(result)

        self.loop.run_io(lambda: self.outbox.remove(ids), done)

    def _pump(self) -> None:
        self._pump_pending = False
        if not self._online or self._client is None:
            return
        room = self.settings.window - len(self._inflight)
        if room <= 0:
            return
        try:
            entries = self.outbox.peek(after=self._cursor, limit=room)
        except OutboxError as exc:
            log.error("%s: %s", self.settings.device_id, exc)
            return
        for entry in entries:
            sent = entry.id in self._inflight or entry.id in self._acked_early or entry.id in self._forgetting
            if not sent:  # an urgent event sent early is not sent again
                self._send_event(entry, resend=False)
            self._cursor = entry.pos

    def _tick_interval(self) -> float:
        return min(1.0, self.settings.ack_timeout / 2)

    def _check_overdue(self) -> None:
        """Send again, oldest first, the in-flight events whose ack is overdue.

        An event is overdue when neither it was sent nor any ack came within ``ack_timeout``: while
        acks keep flowing the hub is alive but busy, and re-sending would only add to its queue.
        """
        self._tick = None
        if self._stopping:
            return
        if self._online and self._client is not None:
            deadline = time.monotonic() - self.settings.ack_timeout
            overdue = []
            if self._last_ack <= deadline:
                for entry, sent in self._inflight.values():
                    if sent > deadline:
                        break
                    overdue.append(entry)
            for entry in overdue:
                self._send_event(entry, resend=True)
            self.resends += len(overdue)
            self._pump()  # a safety net: whatever the window allows goes out even without a wake-up
        self._tick = self.loop.call_later(self._tick_interval(), self._check_overdue)

    # -- receiving -------------------------------------------------------------------------------------

    def _on_message(self, client: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        try:
            decoded = decode(message.topic, bytes(message.payload))
        except DecodeError as exc:
            log.warning("%s: ignored a message on %s: %s", self.settings.device_id, message.topic, exc)
            return
        address = decoded.address
        if address.device != self.settings.device_id or address.site != self.settings.site:
            return
        if address.channel is Channel.ACK and isinstance(decoded.body, Ack):
            self._handle_ack(decoded.body.ids)
        elif self.hooks.on_message is not None:
            self.hooks.on_message(decoded)

    def _handle_ack(self, ids: list[str]) -> None:
        """Free the window at once; forget the ids on disk on the I/O pool (one batched delete)."""
        self._last_ack = time.monotonic()
        on_disk = []
        for msg_id in ids:
            self._inflight.pop(msg_id, None)
            if msg_id in self._early:  # sent early, its outbox write not returned yet: forget it after
                self._acked_early.add(msg_id)
            else:
                on_disk.append(msg_id)
        if on_disk:
            self._forget(on_disk)
        self._pump()

    def _removed(self, result: Future[int]) -> None:
        try:
            removed = result.result()
        except OutboxError as exc:
            log.error("%s: %s", self.settings.device_id, exc)  # kept on disk: re-sent, the hub dedups
            return
        if removed and self.hooks.on_acked:
            self.hooks.on_acked(removed)


def _no_delay(sock: Any) -> None:
    """Send each packet at once (TCP_NODELAY). With Nagle's algorithm a small publish right after
    another one (a rating press after a command's ack) waited for the broker's delayed TCP ACK: 35-40 ms
    on Linux, the whole of the agent → hub time measured in ``benchmarks/rating_alarm.py``."""
    if isinstance(sock, socket.socket) and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _where(settings: SessionSettings) -> tuple[str, int]:
    return settings.broker.host, settings.broker.port
