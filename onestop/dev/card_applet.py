"""The MOICA-like card applet the emulator runs: APDU in, response APDU out, no I/O (see docs/card.md)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

#: Proprietary AID of the OneStop test applet ("F0" = not a registered RID, then "ONESTOP", version 01).
APPLET_AID = bytes.fromhex("F04F4E4553544F5001")
CERT_FILE_ID = bytes.fromhex("C001")
PIN_REFERENCE = 0x81
PIN_MAX_TRIES = 3
PIN_BLOCK_LENGTH = 8
PIN_PAD = 0xFF
#: DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017 §9.2, note 1).
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
#: Replies longer than this are split: first chunk + SW 61xx, rest with GET RESPONSE (like a T=0 card).
DEFAULT_CHUNK = 128

SW_OK = b"\x90\x00"
SW_END_OF_FILE = b"\x62\x82"
SW_WRONG_LENGTH = b"\x67\x00"
SW_SECURITY_NOT_SATISFIED = b"\x69\x82"
SW_PIN_BLOCKED = b"\x69\x83"
SW_CONDITIONS_NOT_SATISFIED = b"\x69\x85"
SW_NO_EF_SELECTED = b"\x69\x86"
SW_WRONG_DATA = b"\x6a\x80"
SW_FILE_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6a\x86"
SW_REF_NOT_FOUND = b"\x6a\x88"
SW_OFFSET_OUT_OF_RANGE = b"\x6b\x00"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_VERIFY = 0x20
INS_PSO = 0x2A
INS_GET_RESPONSE = 0xC0


def build_atr(historical: bytes = b"ONESTOP-DEV") -> bytes:
    """A T=1 ATR: TS, T0 (TD1 present, K historical bytes), TD1 = T=1, historical bytes, TCK."""
    t0 = 0x80 | len(historical)
    body = bytes([t0, 0x01]) + historical
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3b" + body + bytes([tck])


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed short command APDU (ISO 7816-4 cases 1-4)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None  # 1..256, None when absent


def parse_command(apdu: bytes) -> Command | None:
    """Split a short APDU; None if its length does not fit any case (the card answers 6700)."""
    if len(apdu) < 4:
        return None
    cla, ins, p1, p2 = apdu[:4]
    rest = apdu[4:]
    if not rest:
        return Command(cla, ins, p1, p2, b"", None)
    if len(rest) == 1:
        return Command(cla, ins, p1, p2, b"", rest[0] or 256)
    lc = rest[0]
    if lc == 0:
        return None  # extended length is not supported
    if len(rest) == 1 + lc:
        return Command(cla, ins, p1, p2, rest[1:], None)
    if len(rest) == 2 + lc:
        return Command(cla, ins, p1, p2, rest[1 : 1 + lc], rest[-1] or 256)
    return None


def pad_pin(pin: str) -> bytes:
    """PIN digits as ASCII, padded with FF to 8 bytes (the block VERIFY carries)."""
    return pin.encode("ascii").ljust(PIN_BLOCK_LENGTH, bytes([PIN_PAD]))


class MoicaApplet:
    """A card holding one authentication certificate and its RSA key behind a PIN with 3 tries.

    The retry counter survives resets and power cycles (as on a real card); the verified state and
    the selection do not.
    """

    def __init__(
        self,
        cert_der: bytes,
        key: rsa.RSAPrivateKey,
        pin: str,
        aid: bytes = APPLET_AID,
        chunk: int = DEFAULT_CHUNK,
        tries_left: int = PIN_MAX_TRIES,
    ) -> None:
        if not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= PIN_BLOCK_LENGTH):
            raise ValueError("the card PIN must be 4 to 8 digits")
        if not 1 <= chunk <= 256:
            raise ValueError("chunk must be 1..256 bytes")
        if not 0 <= tries_left <= PIN_MAX_TRIES:
            raise ValueError(f"tries_left must be 0..{PIN_MAX_TRIES}")
        cert = x509.load_der_x509_certificate(cert_der)
        if cert.public_key().public_numbers() != key.public_key().public_numbers():  # type: ignore[union-attr]
            raise ValueError("the key does not belong to the certificate")
        self.aid = aid
        self.cert_der = cert_der
        self._key = key
        self._pin_block = pad_pin(pin)
        self._chunk = chunk
        self.tries_left = tries_left
        self.reset()

    def reset(self) -> None:
        """Power-on or warm reset: nothing selected, PIN not verified, no pending reply."""
        self.applet_selected = False
        self.ef_selected = False
        self.pin_verified = False
        self._pending = b""

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU with data + SW1 SW2."""
        cmd = parse_command(apdu)
        if cmd is None:
            return SW_WRONG_LENGTH
        if cmd.ins != INS_GET_RESPONSE:
            self._pending = b""
        if cmd.cla != 0x00:
            return SW_CLA_NOT_SUPPORTED
        handler = {
            INS_SELECT: self._select,
            INS_READ_BINARY: self._read_binary,
            INS_VERIFY: self._verify,
            INS_PSO: self._sign,
            INS_GET_RESPONSE: self._get_response,
        }.get(cmd.ins)
        if handler is None:
            return SW_INS_NOT_SUPPORTED
        return handler(cmd)

    def _reply(self, data: bytes, le: int | None) -> bytes:
        limit = min(self._chunk, le or 256)
        if len(data) <= limit:
            return data + SW_OK
        self._pending = data[limit:]
        return data[:limit] + bytes([0x61, min(len(self._pending), 256) & 0xFF])

    def _get_response(self, cmd: Command) -> bytes:
        if (cmd.p1, cmd.p2) != (0, 0):
            return SW_WRONG_P1P2
        if not self._pending:
            return SW_CONDITIONS_NOT_SATISFIED
        pending, self._pending = self._pending, b""
        return self._reply(pending, cmd.le)

    def _select(self, cmd: Command) -> bytes:
        if cmd.p1 == 0x04:  # by DF name (AID)
            if cmd.data != self.aid:
                return SW_FILE_NOT_FOUND
            self.applet_selected, self.ef_selected, self.pin_verified = True, False, False
            return SW_OK
        if cmd.p1 == 0x02 and cmd.p2 in (0x00, 0x0C):  # EF under the current DF
            if not self.applet_selected or cmd.data != CERT_FILE_ID:
                return SW_FILE_NOT_FOUND
            self.ef_selected = True
            return SW_OK
        return SW_WRONG_P1P2

    def _read_binary(self, cmd: Command) -> bytes:
        if cmd.p1 & 0x80:
            return SW_WRONG_P1P2  # short EF identifiers are not supported
        if not self.ef_selected:
            return SW_NO_EF_SELECTED
        offset = (cmd.p1 << 8) | cmd.p2
        if offset >= len(self.cert_der):
            return SW_OFFSET_OUT_OF_RANGE
        wanted = cmd.le or 256
        chunk = self.cert_der[offset : offset + wanted]
        return chunk + (SW_OK if len(chunk) == wanted else SW_END_OF_FILE)

    def _verify(self, cmd: Command) -> bytes:
        if cmd.p1 != 0x00 or cmd.p2 != PIN_REFERENCE:
            return SW_REF_NOT_FOUND
        if not self.applet_selected:
            return SW_CONDITIONS_NOT_SATISFIED
        if self.tries_left == 0:
            return SW_PIN_BLOCKED
        if not cmd.data:  # case 1: ask the state without trying
            return SW_OK if self.pin_verified else bytes([0x63, 0xC0 | self.tries_left])
        if len(cmd.data) != PIN_BLOCK_LENGTH:
            return SW_WRONG_LENGTH
        if hmac.compare_digest(cmd.data, self._pin_block):
            self.tries_left = PIN_MAX_TRIES
            self.pin_verified = True
            return SW_OK
        self.tries_left -= 1
        self.pin_verified = False
        return SW_PIN_BLOCKED if self.tries_left == 0 else bytes([0x63, 0xC0 | self.tries_left])

    def _sign(self, cmd: Command) -> bytes:
        if (cmd.p1, cmd.p2) != (0x9E, 0x9A):  # PSO: COMPUTE DIGITAL SIGNATURE
            return SW_WRONG_P1P2
        if not self.applet_selected:
            return SW_CONDITIONS_NOT_SATISFIED
        if not self.pin_verified:
            return SW_SECURITY_NOT_SATISFIED
        if len(cmd.data) != len(SHA256_DIGEST_INFO_PREFIX) + 32 or not cmd.data.startswith(
            SHA256_DIGEST_INFO_PREFIX
        ):
            return SW_WRONG_DATA
        digest = cmd.data[len(SHA256_DIGEST_INFO_PREFIX) :]
        signature = self._key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        return self._reply(signature, cmd.le)


def load_applet(cert_path: str, key_path: str, pin: str, aid: bytes = APPLET_AID) -> MoicaApplet:
    """An applet from a certificate file (DER or PEM) and an unencrypted PEM private key."""
    with open(cert_path, "rb") as f:
        raw = f.read()
    cert = (
        x509.load_pem_x509_certificate(raw)
        if raw.startswith(b"-----")
        else x509.load_der_x509_certificate(raw)
    )
    with open(key_path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{key_path} does not hold an RSA private key")
    return MoicaApplet(cert.public_bytes(serialization.Encoding.DER), key, pin, aid)
