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
