"""The hub's MQTT consumer: persistent session, batched storage, acknowledgements only after COMMIT.

paho-mqtt 2.x with ``manual_ack=True``: a message is PUBACKed to the broker only after the batch that
holds it committed, so a hub killed mid-write gets it again. The session is persistent (clean session
off, a stable client id per instance) and the subscriptions are renewed on every connect, because a
broker restarted without persistence has forgotten them. One writer thread takes what arrived, up to
``batch_size`` messages or ``batch_latency_ms`` (or until the stream pauses), and stores it in one
transaction (``hub.ingest.store``); then it acks the deliveries and publishes the devices' ``ack``s.
Messages are decoded on paho's network thread as they arrive (``store.prepare_message``), so that the decoding of
the next batch overlaps the insert and COMMIT of this one (SQLite's and psycopg's calls and the fsync
release the interpreter lock) and the writer only stores (issue 19).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, NamedTuple

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hub.core.config import Settings
from hub.devices.models import DeadLetter
from hub.ingest import requests
from hub.ingest.fast_client import BufferedClient
from hub.ingest.handlers import BATCH_INFO
from hub.ingest.publisher import HubLink
from hub.ingest.store import BatchResult, Incoming, Prepared, dead_letter_row, prepare_message, store_batch
from wire import Channel, now_ms, topics
from wire.broker import MqttProtocol

log = logging.getLogger(__name__)

#: Close a batch early when nothing arrived for this long (the broker's in-flight window is drained).
IDLE_CLOSE_S = 0.003
_SESSION_EXPIRY_S = 7 * 24 * 3600  # MQTT 5: keep the hub's queue a week


class _Delivery(NamedTuple):  # one per message on the network thread: a tuple is the cheapest to build
    incoming: Incoming | Prepared
    mid: int
    qos: int
    generation: int  # which connection delivered it; only that connection may ack it


@dataclass(slots=True)
class ConsumerStats:
    stored: int = 0
    duplicates: int = 0
    dead_letters: int = 0
    batches: int = 0
    received: int = 0
    errors: int = 0


class Consumer:
    """Start with ``start()``, stop with ``stop()``; ``link`` publishes commands for HTTP routes."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = sessions
        self.stats = ConsumerStats()
        self._queue: queue.SimpleQueue[_Delivery] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._subscribed = threading.Event()  # the broker granted this connection's subscriptions (SUBACK)
        self._subscribe_mid: int | None = None
        self._generation = 0
        self._writer: threading.Thread | None = None
        self.client = self._make_client()
        self.link = HubLink(self._publish, sessions, self._connected.is_set, legacy=settings.accept_v1_topics)

    # -- MQTT ---------------------------------------------------------------------------------------
    def _make_client(self) -> BufferedClient:
        v5 = self.settings.mqtt_protocol is MqttProtocol.V5
        client = BufferedClient(
            CallbackAPIVersion.VERSION2,
            client_id=self.settings.mqtt_client_id,
            clean_session=None if v5 else False,
            protocol=mqtt.MQTTv5 if v5 else mqtt.MQTTv311,
            manual_ack=True,
        )
        broker = self.settings.broker
        if broker.username:
            client.username_pw_set(broker.username, broker.password)
        client.max_queued_messages_set(0)
        client.max_inflight_messages_set(1000)
        client.reconnect_delay_set(min_delay=1, max_delay=10)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message  # QoS 2, MQTT 5, or while paho logs
        client.on_publish_parts = self._on_publish_parts
        client.on_subscribe = self._on_subscribe
        return client

    def _on_connect(
        self, client: mqtt.Client, _ud: object, flags: object, rc: object, _props: object
    ) -> None:
        if getattr(rc, "is_failure", False):
            log.error("broker %s refused the hub: %s", self.settings.broker_url, rc)
            return
        self._generation += 1
        filters = topics.hub_subscriptions(
            shared=self.settings.shared_subscription, legacy=self.settings.accept_v1_topics
        )
        self._subscribed.clear()
        # again on every connect: the broker may have forgotten
        _, self._subscribe_mid = client.subscribe([(f, 1) for f in filters])
        self._connected.set()
        log.info(
            "hub %s connected to %s (session present: %s)",
            self.settings.instance_id,
            self.settings.broker_url,
            getattr(flags, "session_present", "?"),
        )

    def _on_subscribe(self, _c: mqtt.Client, _ud: object, mid: int, reasons: Any, _props: object) -> None:
        if mid != self._subscribe_mid:
            return
        refused = [r for r in reasons if getattr(r, "is_failure", False)]
        if refused:
            log.error("broker %s refused the hub's subscriptions: %s", self.settings.broker_url, refused)
            return
        self._subscribed.set()

    def _on_disconnect(
        self, _c: mqtt.Client, _ud: object, _flags: object, rc: object, _props: object
    ) -> None:
        self._connected.clear()
        self._subscribed.clear()
        if not self._stop.is_set():
            log.warning("hub lost the broker (%s); reconnecting", rc)

    def _on_message(self, _c: mqtt.Client, _ud: object, msg: mqtt.MQTTMessage) -> None:
        self._take(_topic_text(msg), msg.payload, msg.mid, msg.qos, msg.retain)

    def _on_publish_parts(self, topic: bytes, payload: bytes, mid: int, qos: int, retain: bool) -> None:
        """A QoS 0/1 PUBLISH as its parts (``BufferedClient.on_publish_parts``): no ``MQTTMessage`` made."""
        try:
            text = topic.decode("utf-8")
        except UnicodeDecodeError:  # a broker should never pass such a topic
            text = topic.decode("utf-8", "backslashreplace")
        self._take(text, payload, mid, qos, retain)

    def _take(self, topic: str, payload: bytes, mid: int, qos: int, retain: bool) -> None:
        if retain and not _may_be_retained(topic):
            # Only the state topic is retained. A device that left a retained event would have it
            # re-delivered at every reconnect: clear it at the broker and take it no further.
            self.client.ack(mid, qos)
            if payload:
                self.client.publish(topic, b"", qos=1, retain=True)
                log.warning("cleared a retained message on %s (only state topics are retained)", topic)
            return
        payload, received_at = bytes(payload), now_ms()
        incoming: Incoming | Prepared
        try:  # decoded here, while the writer stores the batch before (the writer's decode was a third of it)
            incoming = prepare_message(topic, payload, received_at)
        except Exception:  # never expected (decode raises only DecodeError): the writer decodes it again
            log.exception("message on %s could not be decoded ahead; the writer will", topic)
            incoming = Incoming(topic, payload, received_at)
        self._queue.put(_Delivery(incoming, mid, qos, self._generation))

    def _publish(self, topic: str, payload: bytes) -> None:
        self.client.publish(topic, payload, qos=1)

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> Consumer:
        broker = self.settings.broker
        props = None
        if self.settings.mqtt_protocol is MqttProtocol.V5:
            from paho.mqtt.packettypes import PacketTypes
            from paho.mqtt.properties import Properties

            props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            props.SessionExpiryInterval = _SESSION_EXPIRY_S
            self.client.connect_async(
                broker.host, broker.port, self.settings.mqtt_keepalive, clean_start=False, properties=props
            )
        else:
            self.client.connect_async(broker.host, broker.port, self.settings.mqtt_keepalive)
        self._writer = threading.Thread(target=self._write_loop, name="hub-ingest-writer", daemon=True)
        self._writer.start()
        self.client.loop_start()
        return self

    def wait_connected(self, timeout: float = 10.0) -> bool:
        return self._connected.wait(timeout)

    def wait_subscribed(self, timeout: float = 10.0) -> bool:
        """Connected and the broker granted the subscriptions: a device's event published now reaches the hub."""
        return self._subscribed.wait(timeout)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def stop(self) -> None:
        """Stop taking messages; what is not committed yet stays un-acked and the broker keeps it."""
        self._stop.set()
        if self._writer is not None:
            self._writer.join(10)
        self.client.disconnect()
        self.client.loop_stop()

    # -- the writer ---------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        """Batches: up to ``batch_size``, ``batch_latency_ms`` after the first message, closed early after
        ``IDLE_CLOSE_S`` without a new one. When the stream was quiet (the writer had to wait for the first
        message) it takes what is queued at once and waits no longer: a lone event, such as a rating press
        that raises an alarm, is committed without a batching delay; under load batches form by
        themselves while the previous one commits (issue 19: alarm latency)."""
        size = self.settings.batch_size
        latency = self.settings.batch_latency_ms / 1000
        while not self._stop.is_set():
            try:
                first = self._queue.get_nowait()
                quiet = False
            except queue.Empty:
                try:
                    first = self._queue.get(timeout=0.2)
                except queue.Empty:
                    continue
                quiet = True
            batch = [first]
            deadline = time.monotonic() + latency
            while len(batch) < size:
                try:
                    batch.append(self._queue.get_nowait())
                    continue
                except queue.Empty:
                    pass
                remaining = deadline - time.monotonic()
                if quiet or remaining <= 0:
                    break
                try:
                    batch.append(self._queue.get(timeout=min(remaining, IDLE_CLOSE_S)))
                except queue.Empty:
                    break
            self._handle(batch)

    def _handle(self, batch: list[_Delivery]) -> None:
        result = self._commit(batch)
        if result is None:
            return  # stopping while the database was down: nothing acked, the broker re-delivers
        for msg in result.requests:
            requests.answer(self.sessions, self.link, msg)
        generation = self._generation
        current = [d for d in batch if d.generation == generation]  # an older connection's mids are void
        self.client.ack_many(d.mid for d in current if d.qos == 1)
        for d in current:
            if d.qos == 2:
                self.client.ack(d.mid, d.qos)
        for (site, device), ids in result.acks.items():
            versions = result.ack_versions.get((site, device), {topics.VERSION})
            self.link.send_acks(site, device, ids, versions=versions)
        stats = self.stats
        stats.batches += 1
        stats.received += len(batch)
        stats.stored += result.stored
        stats.duplicates += result.duplicates
        stats.dead_letters += result.dead_letters

    def _commit(self, batch: list[_Delivery]) -> BatchResult | None:
        """Store the batch; retry while the database is unreachable; isolate a message that breaks it."""
        delay = 0.5
        while True:
            try:
                with self.sessions() as session, session.begin():
                    if self.settings.trace_latency:  # when the writer took this batch, and its size
                        session.info[BATCH_INFO] = (time.time() * 1000, len(batch))
                    return store_batch(
                        session,
                        [d.incoming for d in batch],
                        max_unknown_devices=self.settings.max_unknown_devices,
                    )
            except OperationalError as exc:
                self.stats.errors += 1
                log.error("database unavailable (%s); retrying in %.1f s", exc.orig, delay)
                if self._stop.wait(delay):
                    return None
                delay = min(delay * 2, 10.0)
            except Exception:
                if len(batch) == 1:
                    self._store_refused(batch[0].incoming)
                    return BatchResult()
                log.exception("a batch of %d failed; storing its messages one by one", len(batch))
                return self._one_by_one(batch)

    def _one_by_one(self, batch: list[_Delivery]) -> BatchResult:
        merged = BatchResult()
        for d in batch:
            part = self._commit([d])
            if part is None:
                return merged
            for key, ids in part.acks.items():
                merged.acks.setdefault(key, []).extend(ids)
            for key, versions in part.ack_versions.items():
                merged.ack_versions.setdefault(key, set()).update(versions)
            merged.requests.extend(part.requests)
            merged.stored += part.stored
            merged.duplicates += part.duplicates
            merged.dead_letters += part.dead_letters
        return merged

    def _store_refused(self, item: Incoming | Prepared) -> None:
        log.exception("message on %s cannot be stored; it goes to dead letters", item.topic)
        row = dead_letter_row(
            item.topic, item.payload, "storage_error", "the database refused this message", item.received_at
        )
        try:
            with self.sessions() as session, session.begin():
                session.execute(insert(DeadLetter), [row])
        except Exception:
            log.exception("dead letter for %s not recorded either; dropping it", item.topic)


def _may_be_retained(topic: str) -> bool:
    """Only a device's state topic (birth/death) is retained; everything else must not be."""
    try:
        return topics.parse(topic).channel is Channel.STATE
    except ValueError:
        return False


def _topic_text(msg: mqtt.MQTTMessage) -> str:
    try:
        return msg.topic
    except UnicodeDecodeError:  # paho decodes lazily; a broker should never pass such a topic
        return msg._topic.decode("utf-8", "backslashreplace")
