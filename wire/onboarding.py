"""The onboarding and discovery records: the QR text and manual code a new device shows, and the DNS-SD TXT record.

The onboarding payload follows Matter's idea: a QR text for the camera and a short manual code with a
Verhoeff check digit for typing, both carrying a one-time claim code the hub issued to the device. Hubs and
agents advertise ``_onestop._tcp`` with an ``Advertisement`` as their TXT record. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from wire.enums import DeviceKind
from wire.ids import check_device_id

#: The DNS-SD service type every OneStop hub and agent advertises.
SERVICE_TYPE = "_onestop._tcp.local."
#: First field of every onboarding QR text; the digit is the payload version.
QR_PREFIX = "OS1"
CLAIM_CODE_DIGITS = 10
MANUAL_CODE_DIGITS = CLAIM_CODE_DIGITS + 1

# --- Verhoeff check digit (dihedral group D5), as used by Matter's manual pairing code -----------------
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _verhoeff(digits: str) -> int:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[i % 8][int(ch)]]
    return c


def verhoeff_digit(digits: str) -> str:
    """The Verhoeff check digit for a string of decimal digits (catches every single-digit and swap error)."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"{digits!r} must be decimal digits only")
    return str(_INV[_verhoeff(digits + "0")])


def verhoeff_valid(digits_with_check: str) -> bool:
    return digits_with_check.isascii() and digits_with_check.isdigit() and _verhoeff(digits_with_check) == 0


class OnboardingError(ValueError):
    """An onboarding QR text or manual code that cannot be used; the message says what to do."""


def _check_claim_code(code: str) -> str:
    if len(code) != CLAIM_CODE_DIGITS or not code.isascii() or not code.isdigit():
        raise OnboardingError(f"a claim code is {CLAIM_CODE_DIGITS} digits, not {code!r}")
    return code


def parse_manual_code(text: str) -> str:
    """The claim code inside a typed manual code (dashes and spaces allowed); OnboardingError if mistyped."""
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isascii() or not digits.isdigit():
        raise OnboardingError(f"the manual code may contain only digits, dashes and spaces, not {text!r}")
    if len(digits) != MANUAL_CODE_DIGITS:
        raise OnboardingError(
            f"the manual code has {MANUAL_CODE_DIGITS} digits, {len(digits)} were given: check the device screen"
        )
    if not verhoeff_valid(digits):
        raise OnboardingError(
            "the manual code's check digit does not match: a digit was mistyped, type it again"
        )
    return digits[:CLAIM_CODE_DIGITS]


@dataclass(frozen=True, slots=True)
class Onboarding:
    """What an unprovisioned device shows: who it is and the one-time claim code the hub issued it."""

    device_id: str
    kind: DeviceKind
    claim_code: str

    def __post_init__(self) -> None:
        try:
            check_device_id(self.device_id)
        except ValueError as exc:
            raise OnboardingError(str(exc)) from None
        _check_claim_code(self.claim_code)

    @property
    def manual_code(self) -> str:
        """The claim code plus its check digit, grouped for reading aloud: ``1234-567-8901``."""
        d = self.claim_code + verhoeff_digit(self.claim_code)
        return f"{d[:4]}-{d[4:7]}-{d[7:]}"

    def qr_text(self) -> str:
        """Upper-case text so the QR code uses the dense alphanumeric mode: ``OS1:KIOSK:KIOSK-7:12345678901``."""
        digits = self.manual_code.replace("-", "")
        return f"{QR_PREFIX}:{self.kind.value}:{self.device_id}:{digits}".upper()

    @classmethod
    def from_qr_text(cls, text: str) -> Onboarding:
        """Parse a scanned QR text; OnboardingError names the first thing wrong."""
        parts = text.strip().split(":")
        if parts[0].upper() != QR_PREFIX:
            raise OnboardingError(f"this is not a OneStop onboarding code: it must start with {QR_PREFIX}:")
        if len(parts) != 4:
            raise OnboardingError(
                f"an onboarding code has 4 fields separated by ':' ({QR_PREFIX}:KIND:DEVICE:CODE), "
                f"this one has {len(parts)}: scan it again"
            )
        _, kind_text, device, code = parts
        try:
            kind = DeviceKind(kind_text.lower())
        except ValueError:
            known = ", ".join(k.value for k in DeviceKind)
            raise OnboardingError(f"unknown device kind {kind_text!r} (known: {known})") from None
        return cls(device.lower(), kind, parse_manual_code(code))


# --- zeroconf TXT records --------------------------------------------------------------------------------
class Role(StrEnum):
    HUB = "hub"
    AGENT = "agent"


@dataclass(frozen=True, slots=True)
class Advertisement:
    """What a hub or agent says about itself in its DNS-SD TXT record (keys short, values text)."""

    role: Role
    id: str
    kind: str
    version: str = ""  # firmware / agent / hub version
    config_version: int = 0
    provisioned: bool = False
    mqtt_port: int = 0  # hub only: its broker's port on the same host

    def txt(self) -> dict[str, str]:
        return {
            "role": self.role.value,
            "id": self.id,
            "kind": self.kind,
            "fw": self.version,
            "cfg": str(self.config_version),
            "prov": "yes" if self.provisioned else "no",
            "mqtt": str(self.mqtt_port),
        }

    @classmethod
    def from_txt(cls, txt: dict[str, str]) -> Advertisement:
        """Read a TXT record; ValueError naming the bad key (records from other software are skipped)."""
        try:
            role = Role(txt.get("role", ""))
        except ValueError:
            raise ValueError(f"TXT role {txt.get('role')!r} is not hub or agent") from None
        device = txt.get("id", "")
        check_device_id(device)
        prov = txt.get("prov", "no")
        if prov not in ("yes", "no"):
            raise ValueError(f"TXT prov {prov!r} must be yes or no")
        try:
            cfg, mqtt = int(txt.get("cfg", "0") or 0), int(txt.get("mqtt", "0") or 0)
        except ValueError:
            raise ValueError("TXT cfg and mqtt must be whole numbers") from None
        return cls(role, device, txt.get("kind", ""), txt.get("fw", ""), cfg, prov == "yes", mqtt)
