"""The hub's buffered MQTT reads: whole packets are cut out of the read buffer exactly as paho would read
them, and a packet that is not whole yet is left for paho's own byte-by-byte read."""

from __future__ import annotations

import socket

from hub.ingest.fast_client import _BufferedSocket


def _packet(command: int, body: bytes) -> bytes:
    length, encoded = len(body), bytearray()
    while True:
        byte, length = length % 128, length // 128
        encoded.append(byte | (128 if length else 0))
        if not length:
            return bytes([command, *encoded]) + body


def test_whole_packets_are_taken_one_by_one_with_multi_byte_lengths() -> None:
    a, b = socket.socketpair()
    try:
        small, big = _packet(0x32, b"x" * 10), _packet(0x30, b"y" * 20_000)  # 1- and 3-byte lengths
        tail = _packet(0x32, b"z" * 300)
        b.sendall(small + big + tail[:50])  # the last packet only partly arrived
        buffered = _BufferedSocket(a)
        assert buffered.take_packet() is None  # nothing read yet: paho's own read starts the buffer
        assert buffered.recv(1) == b"\x32" and buffered.recv(1) == b"\x0a" and buffered.recv(10) == b"x" * 10
        assert buffered.take_packet() == (0x30, b"y" * 20_000, 20_000)
        before = buffered.pending()
        assert buffered.take_packet() is None and buffered.pending() == before == 50  # partial: untouched
        b.sendall(tail[50:])
        assert buffered.recv(1) == b"\x32"  # paho carries on byte by byte with what is there
        rest = buffered.recv(400)  # what was buffered, then what the socket has
        rest += buffered.recv(400)
        assert rest == tail[1:] and buffered.pending() == 0
    finally:
        a.close()
        b.close()


def test_a_length_longer_than_mqtt_allows_is_left_to_paho() -> None:
    a, b = socket.socketpair()
    try:
        b.sendall(b"\x30" + b"\xff" * 6 + b"junk")
        buffered = _BufferedSocket(a)
        buffered.recv(1)  # fills the buffer
        assert buffered.take_packet() is None  # paho's read refuses it (MQTT_ERR_PROTOCOL)
    finally:
        a.close()
        b.close()


def _publish(
    qos: int, topic: bytes, payload: bytes, mid: int = 0, dup: bool = False, retain: bool = False
) -> bytes:
    command = 0x30 | qos << 1 | (0x08 if dup else 0) | (0x01 if retain else 0)
    body = len(topic).to_bytes(2, "big") + topic + (mid.to_bytes(2, "big") if qos else b"") + payload
    return _packet(command, body)


def publish_packets() -> list[bytes]:
    """QoS 1, QoS 1 with dup and retain and an empty payload, QoS 0 on a non-UTF-8 topic, and QoS 2."""
    return [
        _publish(1, b"onestop/v2/s/d/evt/kiosk-visit", b'{"a":1}', mid=7),
        _publish(1, b"t/x", b"", mid=65535, dup=True, retain=True),
        _publish(0, b"t/\xff", b"payload"),
        _publish(2, b"t/q2", b"two", mid=9),
    ]


def test_a_whole_publish_reaches_on_message_as_paho_would_decode_it() -> None:
    """GIVEN QoS 0/1 PUBLISH packets (dup, retain, an empty payload, a non-UTF-8 topic) already whole in
    the buffer, WHEN the hub's client reads them THEN on_message sees what paho's own decoder makes of
    them; QoS 2 and a malformed packet (empty topic) go paho's way."""
    import paho.mqtt.client as mqtt
    from paho.mqtt import _packet as paho_packet
    from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode

    from hub.ingest.fast_client import BufferedClient

    packets = publish_packets()
    a, b = socket.socketpair()
    received: list[mqtt.MQTTMessage] = []
    client = BufferedClient(CallbackAPIVersion.VERSION2, client_id="t", manual_ack=True)
    try:
        client._sock = a
        client.on_message = lambda _c, _u, m: received.append(m)
        b.sendall(b"".join(packets))
        client._sock.recv(1)  # fill the read buffer, as paho's first read of a pass does
        client._sock._pos = 0  # ... and hand the byte back: every packet is whole in the buffer
        for _ in packets:
            assert client._packet_read() == MQTTErrorCode.MQTT_ERR_SUCCESS
        assert len(received) == 3  # the QoS 2 message waits for PUBREL, as in paho
        assert 9 in client._in_messages
        for message, raw in zip(received, packets[:3], strict=True):
            expected = paho_packet.decode_publish(raw[0], raw[2:], mqtt.MQTTv311)
            assert (
                message._topic,
                message.payload,
                message.mid,
                message.qos,
                message.dup,
                message.retain,
            ) == (expected.topic, expected.payload, expected.mid, expected.qos, expected.dup, expected.retain)
            assert message.timestamp > 0 and message.info is None  # built here, not by paho
        b.sendall(_publish(1, b"", b"x", mid=1))  # MQTT 3.1.1 forbids an empty topic
        client._sock.recv(1)
        client._sock._pos = 0
        assert client._packet_read() == MQTTErrorCode.MQTT_ERR_PROTOCOL and len(received) == 3
    finally:
        client._sock = None
        a.close()
        b.close()


def test_on_publish_parts_takes_what_on_message_would_have_taken() -> None:
    """GIVEN a handler for a PUBLISH's parts WHEN the hub's client reads the same packets THEN the handler gets
    paho's topic, payload, mid, QoS and retain flag of each QoS 0/1 message and on_message none of them; QoS 2
    still reaches on_message (after PUBREL, paho's way), a malformed packet is still a protocol error, and with
    a logger enabled messages go paho's way again."""
    import logging

    import paho.mqtt.client as mqtt
    from paho.mqtt import _packet as paho_packet
    from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode

    from hub.ingest.fast_client import BufferedClient

    packets = publish_packets()
    a, b = socket.socketpair()
    parts: list[tuple[bytes, bytes, int, int, bool]] = []
    messages: list[mqtt.MQTTMessage] = []
    client = BufferedClient(CallbackAPIVersion.VERSION2, client_id="t", manual_ack=True)

    def feed(*raw: bytes) -> None:
        b.sendall(b"".join(raw))
        client._sock.recv(1)  # fill the read buffer ...
        client._sock._pos = 0  # ... and hand the byte back: every packet is whole in the buffer

    try:
        client._sock = a
        client.on_message = lambda _c, _u, m: messages.append(m)
        client.on_publish_parts = lambda *p: parts.append(p)
        feed(*packets)
        for _ in packets:
            assert client._packet_read() == MQTTErrorCode.MQTT_ERR_SUCCESS
        assert messages == [] and 9 in client._in_messages
        expected = [paho_packet.decode_publish(raw[0], raw[2:], mqtt.MQTTv311) for raw in packets[:3]]
        assert parts == [(e.topic, e.payload, e.mid, e.qos, e.retain) for e in expected]
        feed(_publish(1, b"", b"x", mid=1))  # MQTT 3.1.1 forbids an empty topic
        assert client._packet_read() == MQTTErrorCode.MQTT_ERR_PROTOCOL and len(parts) == 3
        client.enable_logger(logging.getLogger("test-fast-client"))
        feed(packets[0])
        assert client._packet_read() == MQTTErrorCode.MQTT_ERR_SUCCESS
        assert len(parts) == 3 and [m.mid for m in messages] == [7]
    finally:
        client._sock = None
        a.close()
        b.close()
