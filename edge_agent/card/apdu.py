"""Command APDUs for the citizen card applet and the meaning of its status words (pure; see docs/card.md)."""

from __future__ import annotations

from dataclasses import dataclass

from edge_agent.card.errors import CardFailure, PinBlocked, PinNotVerified, UnknownCard, WrongPin

APPLET_AID = bytes.fromhex("F04F4E4553544F5001")
CERT_FILE_ID = bytes.fromhex("C001")
PIN_REFERENCE = 0x81
#: DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017 §9.2 note 1).
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_PIN_BLOCKED = 0x6983
SW_FILE_NOT_FOUND = 0x6A82
SW_OFFSET_OUT_OF_RANGE = 0x6B00


@dataclass(frozen=True, slots=True)
class Response:
    """A response APDU split into data and status word."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @classmethod
    def parse(cls, raw: bytes) -> Response:
        if len(raw) < 2:
            raise CardFailure("(any)", 0x0000)
        return cls(raw[:-2], int.from_bytes(raw[-2:], "big"))


def _apdu(ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
    if len(data) > 255:
        raise ValueError("short APDUs carry at most 255 data bytes")
    out = bytes([0x00, ins, p1, p2])
    if data:
        out += bytes([len(data)]) + data
    if le is not None:
        if not 1 <= le <= 256:
            raise ValueError("Le must be 1..256")
        out += bytes([le & 0xFF])
    return out


def select_applet(aid: bytes = APPLET_AID) -> bytes:
    return _apdu(0xA4, 0x04, 0x00, aid)


def select_certificate() -> bytes:
    return _apdu(0xA4, 0x02, 0x0C, CERT_FILE_ID)


def read_binary(offset: int, le: int = 256) -> bytes:
    if not 0 <= offset <= 0x7FFF:
        raise ValueError("READ BINARY offset must be 0..32767")
    return _apdu(0xB0, offset >> 8, offset & 0xFF, le=le)


def verify_query() -> bytes:
    """VERIFY without data: how many tries are left (no try is used)."""
    return _apdu(0x20, 0x00, PIN_REFERENCE)


def verify(pin_block: bytes) -> bytes:
    """VERIFY with the PIN block. The result must never be logged."""
    return _apdu(0x20, 0x00, PIN_REFERENCE, pin_block)


def digest_info_sha256(digest: bytes) -> bytes:
    if len(digest) != 32:
        raise ValueError("a SHA-256 digest is 32 bytes")
    return SHA256_DIGEST_INFO_PREFIX + digest


def compute_signature(digest: bytes) -> bytes:
    """PSO: COMPUTE DIGITAL SIGNATURE over a SHA-256 DigestInfo."""
    return _apdu(0x2A, 0x9E, 0x9A, digest_info_sha256(digest), le=256)


def get_response(le: int) -> bytes:
    return _apdu(0xC0, 0x00, 0x00, le=le)


def more_bytes(response: Response) -> int | None:
    """How many bytes GET RESPONSE should fetch when SW is 61xx (``6100`` = 256), else None."""
    if response.sw1 != 0x61:
        return None
    return response.sw2 or 256


def check_select(response: Response) -> None:
    if response.sw == SW_FILE_NOT_FOUND:
        raise UnknownCard("the card has no citizen certificate applet")
    if response.sw != SW_OK:
        raise CardFailure("SELECT", response.sw)


def tries_from(response: Response) -> int | None:
    """Tries left from a VERIFY answer: None if verified (9000); raises if blocked or unexpected."""
    if response.sw == SW_OK:
        return None
    if response.sw1 == 0x63 and response.sw2 & 0xF0 == 0xC0:
        return response.sw2 & 0x0F
    if response.sw == SW_PIN_BLOCKED:
        raise PinBlocked("the card's PIN is blocked after 3 wrong tries")
    raise CardFailure("VERIFY", response.sw)


def check_verify(response: Response) -> None:
    """Raise WrongPin (tries left) or PinBlocked unless the PIN was accepted."""
    tries = tries_from(response)
    if tries == 0:
        raise PinBlocked("the card's PIN is blocked after 3 wrong tries")
    if tries is not None:
        raise WrongPin(tries)


def check_signature(response: Response) -> None:
    if response.sw == SW_SECURITY_NOT_SATISFIED:
        raise PinNotVerified("the card wants the PIN before it signs")
    if response.sw != SW_OK:
        raise CardFailure("COMPUTE DIGITAL SIGNATURE", response.sw)
