"""The hub's second way in: competing consumers on a RabbitMQ cluster, for brokers without MQTT shared subscriptions.

Devices still speak MQTT to RabbitMQ's MQTT plugin, which routes every publish through the ``amq.topic``
exchange (MQTT '/' becomes '.', and '.' becomes '/'). Every hub process consumes one durable **quorum queue**
(replicated on each node) bound there with the hub's subscription filters, so each device message reaches
exactly one hub, and a node's death loses nothing the broker confirmed to the device (its PUBACK follows the
queue's confirm). The rule is the MQTT consumer's (``hub.ingest.consumer``): a delivery is acked only after
the batch that holds it committed; a hub or node that dies first leaves it un-acked, the broker re-delivers
it, and the store's event-id check keeps it stored once. Device acks, responses and commands go back out
through ``amq.topic`` to the devices' MQTT subscriptions.

``amqp_urls`` lists the cluster's nodes; a lost connection fails over to the next one. pika's blocking
connection is not thread-safe, so one thread owns it: it gathers a batch, commits, acks, and publishes what
other threads (HTTP routes' commands) queued for it.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pika
import pika.exceptions
from sqlalchemy.orm import Session, sessionmaker

from hub.core.config import Settings, parse_amqp_urls
from hub.ingest import requests
from hub.ingest.consumer import Consumer, ConsumerStats
from hub.ingest.publisher import HubLink
from hub.ingest.store import Incoming
from wire import now_ms, topics

log = logging.getLogger(__name__)
logging.getLogger("pika").setLevel(logging.CRITICAL)  # a lost node is reported once, below, not as tracebacks

EXCHANGE = "amq.topic"
_IDLE_CLOSE_S = 0.003


def mqtt_to_routing_key(mqtt_topic: str) -> str:
    """RabbitMQ's MQTT plugin mapping: '/' and '.' swap places (v2 topics have no '.')."""
    return mqtt_topic.translate(_SWAP)


def routing_key_to_mqtt(key: str) -> str:
    return key.translate(_SWAP)


def binding_key(mqtt_filter: str) -> str:
    """An MQTT subscription filter as an AMQP topic binding ('+' is '*', '#' stays)."""
    return "/".join("*" if level == "+" else level for level in mqtt_filter.split("/")).translate(_SWAP)


_SWAP = str.maketrans({"/": ".", ".": "/"})


@dataclass(frozen=True, slots=True)
class _Delivery:
    incoming: Incoming
    tag: int


class AmqpConsumer:
    """Same face as ``hub.ingest.consumer.Consumer``: ``start()``, ``stop()``, ``link``, ``stats``."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        if not settings.amqp_urls:
            raise ValueError("AmqpConsumer needs settings.amqp_urls")
        self.settings = settings
        self.sessions = sessions
        self.urls = parse_amqp_urls(settings.amqp_urls)
        self.queue_name = settings.amqp_queue
        self.stats = ConsumerStats()
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._outbox: queue.SimpleQueue[tuple[str, bytes]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._batch: list[_Delivery] = []
        self.link = HubLink(self._publish, sessions, self._connected.is_set, legacy=settings.accept_v1_topics)

    # -- what other threads call --------------------------------------------------------------------
    def _publish(self, topic: str, payload: bytes) -> None:
        self._outbox.put((topic, payload))  # the connection's thread sends it within one loop turn

    def start(self) -> AmqpConsumer:
        self._thread = threading.Thread(target=self._run, name="hub-ingest-amqp", daemon=True)
        self._thread.start()
        return self

    wait_connected = Consumer.wait_connected  # both read ``_connected``, set while a node is connected
    connected = Consumer.connected

    def stop(self) -> None:
        """Stop taking messages; what is not committed stays un-acked and the broker re-delivers it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(15)

    # -- the connection's thread --------------------------------------------------------------------
    def _run(self) -> None:
        attempt = 0
        delay = 0.2
        while not self._stop.is_set():
            url = self.urls[attempt % len(self.urls)]
            attempt += 1
            try:
                self._session(url)
                delay = 0.2
            except (pika.exceptions.AMQPError, OSError) as exc:
                self._connected.clear()
                self._batch.clear()  # un-acked on a dead channel: the broker re-delivers them
                log.warning("hub lost AMQP node %s (%s); trying the next node", _shown(url), exc or type(exc))
            except Exception:  # a bug must not end ingest silently: log it, reconnect, get the batch again
                self._connected.clear()
                self._batch.clear()
                log.exception("AMQP consumer failed on %s; reconnecting", _shown(url))
            else:
                continue
            if self._stop.wait(delay if attempt % len(self.urls) == 0 else 0.05):
                break
            delay = min(delay * 2, 5.0)

    def _session(self, url: str) -> None:
        params = pika.URLParameters(url)
        params.heartbeat = 10
        params.blocked_connection_timeout = 30
        params.connection_attempts = 1
        params.socket_timeout = 5
        conn = pika.BlockingConnection(params)
        try:
            channel = conn.channel()
            self._declare(channel)
            channel.basic_qos(prefetch_count=max(2 * self.settings.batch_size, 100))
            channel.basic_consume(self.queue_name, self._on_message, auto_ack=False)
            self._connected.set()
            log.info(
                "hub %s connected to %s (AMQP queue %s)",
                self.settings.instance_id,
                _shown(url),
                self.queue_name,
            )
            self._loop(conn, channel)
        finally:
            self._connected.clear()
            if conn.is_open:
                with contextlib.suppress(pika.exceptions.AMQPError):
                    conn.close()

    def _declare(self, channel: pika.adapters.blocking_connection.BlockingChannel) -> None:
        """The shared ingest queue: durable, quorum (a replica per node), bound to the hub's filters."""
        channel.queue_declare(self.queue_name, durable=True, arguments={"x-queue-type": "quorum"})
        filters = topics.hub_subscriptions(shared=False, legacy=self.settings.accept_v1_topics)
        for mqtt_filter in filters:
            channel.queue_bind(self.queue_name, EXCHANGE, routing_key=binding_key(mqtt_filter))

    def _on_message(
        self,
        _channel: object,
        method: pika.spec.Basic.Deliver,
        _props: pika.spec.BasicProperties,
        body: bytes,
    ) -> None:
        incoming = Incoming(routing_key_to_mqtt(method.routing_key), bytes(body), now_ms())
        self._batch.append(_Delivery(incoming, method.delivery_tag))

    def _loop(
        self, conn: pika.BlockingConnection, channel: pika.adapters.blocking_connection.BlockingChannel
    ) -> None:
        size = self.settings.batch_size
        latency = self.settings.batch_latency_ms / 1000
        first_at: float | None = None
        while not self._stop.is_set():
            self._flush_outbox(channel)
            before = len(self._batch)
            conn.process_data_events(time_limit=_IDLE_CLOSE_S if self._batch else 0.05)
            if not self._batch:
                first_at = None
                continue
            if first_at is None:
                first_at = time.monotonic()
            paused = len(self._batch) == before  # nothing new arrived this turn: the window is drained
            if len(self._batch) >= size or paused or time.monotonic() - first_at >= latency:
                batch, self._batch = self._batch[:size], self._batch[size:]
                first_at = time.monotonic() if self._batch else None
                if not self._handle(channel, batch):
                    return
        self._flush_outbox(channel)

    def _flush_outbox(self, channel: pika.adapters.blocking_connection.BlockingChannel) -> None:
        while True:
            try:
                topic, payload = self._outbox.get_nowait()
            except queue.Empty:
                return
            channel.basic_publish(
                EXCHANGE,
                mqtt_to_routing_key(topic),
                payload,
                pika.BasicProperties(delivery_mode=2),
            )

    def _handle(
        self, channel: pika.adapters.blocking_connection.BlockingChannel, batch: list[_Delivery]
    ) -> bool:
        result = self._commit(batch)
        if result is None:
            return False  # stopping while the database was down: nothing acked, the broker re-delivers
        stats = self.stats  # counted at commit: an ack lost with the connection does not undo the rows
        stats.batches += 1
        stats.received += len(batch)
        stats.stored += result.stored
        stats.duplicates += result.duplicates
        stats.dead_letters += result.dead_letters
        for msg in result.requests:
            requests.answer(self.sessions, self.link, msg)
        # commit first, then ack: one multiple-ack covers the batch (tags only grow on one channel)
        channel.basic_ack(delivery_tag=max(d.tag for d in batch), multiple=True)
        for (site, device), ids in result.acks.items():
            versions = result.ack_versions.get((site, device), {topics.VERSION})
            self.link.send_acks(site, device, ids, versions=versions)
        self._flush_outbox(channel)
        return True

    # Storing a batch is the MQTT consumer's own code, not a copy: retry while the database is unreachable,
    # isolate a message that breaks a batch, dead-letter what cannot be stored. It needs only
    # ``sessions``, ``stats``, ``_stop`` and deliveries with an ``incoming``, which this class has too.
    _commit = Consumer._commit
    _one_by_one = Consumer._one_by_one
    _store_refused = Consumer._store_refused


def _shown(url: str) -> str:
    """A URL for logs: host and port, never the password."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 5672}"
