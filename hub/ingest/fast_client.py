"""paho's MQTT client with buffered socket reads and batched PUBACKs, for the hub's high-rate ingest.

Profiling the hub draining a queue (py-spy, ``docs/scaling.md``) showed a third of paho's thread in
``recv``: paho reads every packet in three or more small ``recv`` calls (command byte, length bytes one
at a time, then the rest). ``_BufferedSocket`` reads up to 256 KiB per system call and serves those
small reads from memory; it reports the buffered bytes through ``pending()``, which paho already checks
(for TLS) before it sleeps in ``select``, so nothing buffered waits for more network input.

Messages go straight to ``on_message`` when no per-topic callback is registered (paho otherwise walks its
callback tree per message). ``ack_many`` queues the PUBACKs of a committed batch as one write (one wake-up of the network thread,
one ``send``) instead of one queued packet, one wake-up and one system call per message.
Its socket has TCP_NODELAY set (paho does not): see ``_no_delay``.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable, Iterable
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.client import PUBACK, PUBLISH
from paho.mqtt.enums import MQTTErrorCode
from paho.mqtt.exception import MalformedPacket

_READ_SIZE = 256 * 1024
#: whole packets handled per pass of paho's loop before it looks at the socket and its timers again
_PACKETS_PER_READ = 1000


def _fresh_packet() -> Any:
    """paho's empty incoming-packet state (``Client._packet_read`` resets to the same)."""
    return {"command": 0, "have_remaining": 0, "remaining_count": [], "remaining_mult": 1,
            "remaining_length": 0, "packet": bytearray(b""), "to_process": 0, "pos": 0}  # fmt: skip


class _BufferedSocket:
    """A socket (plain or TLS) whose ``recv`` is served from a read-ahead buffer."""

    __slots__ = ("_data", "_inner", "_pos")

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._data = b""
        self._pos = 0

    def recv(self, size: int) -> bytes:
        if self._pos >= len(self._data):
            data = self._inner.recv(max(size, _READ_SIZE))  # raises BlockingIOError when there is nothing
            if len(data) <= size:
                self._data, self._pos = b"", 0
                return data  # b"" at end of stream, as from the socket itself
            self._data, self._pos = data, 0
        start = self._pos
        self._pos = min(start + size, len(self._data))
        return self._data[start : self._pos]

    def take_packet(self) -> tuple[int, bytes, int] | None:
        """(command byte, rest of the packet, its length) if a whole MQTT packet is buffered; else None,
        and nothing is consumed (paho's own byte-by-byte read then carries on with what is there)."""
        data, pos = self._data, self._pos
        end = len(data)
        if end - pos < 2:
            return None
        length, mult, i = 0, 1, pos + 1
        while True:
            if i >= end or i - pos > 4:  # the length is not all here, or longer than MQTT allows
                return None
            byte = data[i]
            length += (byte & 127) * mult
            mult *= 128
            i += 1
            if not byte & 128:
                break
        if i + length > end:
            return None
        self._pos = i + length
        return data[pos], data[i : i + length], length

    def pending(self) -> int:
        inner = getattr(self._inner, "pending", None)
        return len(self._data) - self._pos + (inner() if inner is not None else 0)

    def fileno(self) -> int:
        return int(self._inner.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


_new_message = object.__new__


def _publish_message(command: int, packet: bytes) -> mqtt.MQTTMessage | None:
    """An MQTT 3.1.1 PUBLISH of QoS 0 or 1 as paho's ``MQTTMessage``, or None when it is malformed (paho's
    own path then reports it). paho builds the same message through ``decode_publish`` and
    ``MQTTMessage.__init__``, which also makes an ``MQTTMessageInfo`` (a lock and a condition) that only
    outgoing messages use: half of its per-message cost in the profile. ``info`` is None here."""
    parts = _publish_parts(command, packet)
    if parts is None:
        return None
    message: Any = _new_message(mqtt.MQTTMessage)
    message._topic, message.payload, message.mid, message.qos, message.retain = parts
    message.dup = bool(command & 0x08)
    message.properties = None
    message.info = None
    message.state = mqtt.mqtt_ms_invalid
    message.timestamp = mqtt.time_func()
    return message  # type: ignore[no-any-return]


#: (topic bytes, payload, message id (0 for QoS 0), QoS, retain flag) of a received PUBLISH
PublishParts = Callable[[bytes, bytes, int, int, bool], None]


def _publish_parts(command: int, packet: bytes) -> tuple[bytes, bytes, int, int, bool] | None:
    """A QoS 0/1 PUBLISH's fields (no message object), or None when the packet is malformed."""
    qos = (command & 0x06) >> 1
    if len(packet) < 2:
        return None
    end = 2 + ((packet[0] << 8) | packet[1])
    if end + (2 if qos else 0) > len(packet) or end == 2:
        return None
    if qos:
        return (
            packet[2:end],
            packet[end + 2 :],
            (packet[end] << 8) | packet[end + 1],
            qos,
            bool(command & 0x01),
        )
    return packet[2:end], packet[end:], 0, 0, bool(command & 0x01)


def _no_delay(sock: Any) -> None:
    """TCP_NODELAY: a PUBACK, a device's ack or a command goes out at once. With Nagle's algorithm a small
    write right after another waited for the broker's delayed TCP ACK (~40 ms on Linux; issue 19)."""
    raw = getattr(sock, "_sock", sock)  # ssl.SSLSocket is a socket.socket too
    if isinstance(raw, socket.socket) and raw.family in (socket.AF_INET, socket.AF_INET6):
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class BufferedClient(mqtt.Client):
    """``paho.mqtt.client.Client`` with buffered reads and ``ack_many``; otherwise unchanged.

    ``on_publish_parts``, when set, takes every well-formed QoS 0/1 PUBLISH on MQTT 3.1.1 as its parts instead
    of ``on_message`` taking an ``MQTTMessage`` (building one and the callback's lock were ~2 µs a message, a
    tenth of the network thread's work per message in a drain); only while no per-topic callback is
    registered and nothing logs (``enable_logger``, ``on_log``), else paho's way as before."""

    on_publish_parts: PublishParts | None = None

    @property  # type: ignore[override]
    def _sock(self) -> Any:
        return self.__dict__.get("_buffered_sock")

    @_sock.setter
    def _sock(self, sock: Any) -> None:
        if sock is not None and not isinstance(sock, _BufferedSocket):
            _no_delay(sock)
            sock = _BufferedSocket(sock)
        self.__dict__["_buffered_sock"] = sock

    def loop_read(self, max_packets: int = 1) -> MQTTErrorCode:
        """paho reads one packet per pass of its loop (``max_packets`` counts only QoS 2 and outgoing
        messages), then runs ``select`` and its housekeeping again: per message. Read every whole packet
        already buffered (up to ``_PACKETS_PER_READ``) before going back to the loop."""
        for _ in range(_PACKETS_PER_READ):
            sock = self._sock
            if sock is None:
                return MQTTErrorCode.MQTT_ERR_NO_CONN
            rc = self._packet_read()
            if rc > 0:
                return self._loop_rc_handle(rc)
            if rc == MQTTErrorCode.MQTT_ERR_AGAIN or not sock.pending():
                return MQTTErrorCode.MQTT_ERR_SUCCESS
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    def _packet_read(self) -> MQTTErrorCode:
        """A packet already whole in the read buffer is handed to paho in one piece; anything else (a
        packet split across reads, TLS) goes paho's way, byte by byte."""
        sock = self._sock
        if self._in_packet["command"] == 0 and isinstance(sock, _BufferedSocket):
            whole = sock.take_packet()
            if whole is not None:
                command, packet, length = whole
                if command & 0xF4 == PUBLISH and self._protocol != mqtt.MQTTv5:  # QoS 0 or 1
                    handler = self.on_publish_parts
                    if handler is not None and self._plain_delivery():
                        parts = _publish_parts(command, packet)
                        if parts is not None:
                            rc = self._deliver_parts(handler, parts)
                            with self._msgtime_mutex:
                                self._last_bytes_received = mqtt.time_func()
                            return rc
                    message = _publish_message(command, packet)
                    if message is not None:  # QoS 0/1 on MQTT 3.1.1, well formed
                        rc = self._deliver(message)
                        with self._msgtime_mutex:
                            self._last_bytes_received = mqtt.time_func()
                        return rc
                state: Any = {"command": command, "have_remaining": 1, "remaining_count": [], "remaining_mult": 1,
                              "remaining_length": length, "packet": packet, "to_process": 0, "pos": 0}  # fmt: skip
                self._in_packet = state
                try:
                    rc = self._packet_handle()
                except MalformedPacket as exc:
                    self._easy_log(mqtt.MQTT_LOG_DEBUG, "Received malformed packet: %s", exc)
                    rc = MQTTErrorCode.MQTT_ERR_PROTOCOL
                self._in_packet = _fresh_packet()
                with self._msgtime_mutex:
                    self._last_bytes_received = mqtt.time_func()
                return rc
        return super()._packet_read()

    def _plain_delivery(self) -> bool:
        """No logging and no per-topic callbacks: ``on_publish_parts`` may take a message directly."""
        return self._logger is None and self._on_log is None and not self._on_message_filtered._root._children

    def _deliver_parts(
        self, handler: PublishParts, parts: tuple[bytes, bytes, int, int, bool]
    ) -> MQTTErrorCode:
        """``_deliver`` for ``on_publish_parts``: the handler's exceptions as paho treats ``on_message``'s."""
        try:
            handler(*parts)
        except Exception as err:
            self._easy_log(mqtt.MQTT_LOG_ERR, "Caught exception in on_publish_parts: %s", err)
            if not self.suppress_exceptions:
                raise
        if parts[3] == 1 and not self._manual_ack:
            return self._send_puback(parts[2])
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    def _deliver(self, message: mqtt.MQTTMessage) -> MQTTErrorCode:
        """What paho's ``_handle_publish`` does with a QoS 0 or 1 message once decoded."""
        if self._logger is not None or self._on_log is not None:
            self._easy_log(mqtt.MQTT_LOG_DEBUG, "Received PUBLISH (d%d, q%d, r%d, m%d), '%s', ...  (%d bytes)",
                           message.dup, message.qos, message.retain, message.mid,
                           message._topic.decode("utf-8", "backslashreplace"), len(message.payload))  # fmt: skip
        self._handle_on_message(message)
        if message.qos == 1 and not self._manual_ack:
            return self._send_puback(message.mid)
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    def _handle_on_message(self, message: mqtt.MQTTMessage) -> None:
        """paho walks its per-topic callback tree for every message (a quarter of its thread in the
        profile); the hub registers no per-topic callbacks, so go straight to ``on_message`` then."""
        if self._on_message_filtered._root._children:  # someone did register one: paho's own way
            super()._handle_on_message(message)
            return
        on_message = self.on_message
        if on_message is not None:
            with self._in_callback_mutex:
                try:
                    on_message(self, self._userdata, message)
                except Exception as err:
                    self._easy_log(mqtt.MQTT_LOG_ERR, "Caught exception in on_message: %s", err)
                    if not self.suppress_exceptions:
                        raise

    def ack_many(self, mids: Iterable[int]) -> None:
        """PUBACK every QoS 1 message id in ``mids`` with one queued write (``manual_ack`` clients)."""
        blob = b"".join(struct.pack("!BBH", PUBACK, 2, mid) for mid in mids)
        if blob:
            self._packet_queue(PUBACK, blob, 0, 1)
