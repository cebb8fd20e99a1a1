"""The keypad line protocol: exact frames, checksum, refusal of bad lines, stream splitting."""

import pytest

from wire.keypad import Frame, LineBuffer, ProtocolError, Verb, decode, encode


def test_exact_frame_bytes() -> None:
    # XOR of "KEY 4 17" = 0x4B^0x45^0x59^0x20^0x34^0x20^0x31^0x37 = 0x65 (worked in docs/firmware-config.md)
    assert encode(Verb.KEY, 4, 17) == b"KEY 4 17*65\n"
    assert decode(b"KEY 4 17*65\n") == Frame(Verb.KEY, ("4", "17"))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"KEY 4 17*30", "checksum"),
        (b"KEY 4 17", "no '*'"),
        (b"JUMP 1*" + b"%02X" % (0x4A ^ 0x55 ^ 0x4D ^ 0x50 ^ 0x20 ^ 0x31), "unknown verb"),
        (encode(Verb.PING)[:-1].replace(b"PING", b"PING"), ""),
    ],
)
def test_bad_lines_are_refused(line: bytes, reason: str) -> None:
    if not reason:
        assert decode(line).verb is Verb.PING
        return
    with pytest.raises(ProtocolError, match=reason):
        decode(line)


def test_wrong_arity_and_bad_words_are_refused() -> None:
    with pytest.raises(ValueError, match="takes 2"):
        encode(Verb.KEY, 1)
    with pytest.raises(ValueError, match="cannot travel"):
        encode(Verb.HELLO, "v1 2")
    with pytest.raises(ProtocolError, match="needs 2"):
        decode(b"KEY 1*" + b"%02X" % (0x4B ^ 0x45 ^ 0x59 ^ 0x20 ^ 0x31))


def test_frame_numbers_are_range_checked() -> None:
    frame = decode(encode(Verb.KEY, 7, 1))
    with pytest.raises(ProtocolError, match="1-4"):
        frame.int_arg(0, 1, 4)


def test_line_buffer_splits_and_drops_noise() -> None:
    buf = LineBuffer()
    assert buf.feed(b"PONG*") == []
    assert buf.feed(b"04\nKEY 1 2*") == [b"PONG*04"]
    assert buf.feed(b"x" * 200) == [] and buf.dropped == 1
