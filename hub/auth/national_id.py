"""Light identification (seed 000): national ID number with its check digit, plus birth date.

Enough only for low-risk services; anything that needs identity requires the card (``Assurance.CARD``).
The full number is checked and then reduced to its last 4 digits and a keyed hash; it is never kept,
logged or put in an error message.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

#: Letter values of the ROC national ID (A=10 ... Z=33, I=34, O=35), per the Ministry of the Interior.
LETTER_VALUES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
_ID_RE = re.compile(r"^[A-Z][1289]\d{8}$")  # 1/2 citizens; 8/9 new-format resident certificates
_ROC_DATE_RE = re.compile(r"^(\d{2,3})[/.-]?(\d{2})[/.-]?(\d{2})$")


class Assurance(IntEnum):
    """How sure the hub is of who the citizen is; a service states the level it needs."""

    NONE = 0
    LIGHT = 1  # national ID + birth date
    CARD = 2  # citizen certificate card + PIN

    def permits(self, required: Assurance) -> bool:
        return self >= required


class InvalidIdentification(ValueError):
    """Input that cannot identify anyone; ``field`` is ``national_id`` or ``birth_date``; no echo of the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_digit_ok(national_id: str) -> bool:
    value = LETTER_VALUES[national_id[0]]
    digits = [value // 10, value % 10] + [int(c) for c in national_id[1:]]
    return sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) % 10 == 0


def normalise_national_id(text: str) -> str:
    """Upper-cased, trimmed, format and check digit verified; InvalidIdentification otherwise."""
    candidate = text.strip().upper() if isinstance(text, str) else ""
    if not _ID_RE.fullmatch(candidate):
        raise InvalidIdentification(
            "national_id", "must be one letter and 9 digits, the first digit 1, 2, 8 or 9 (e.g. A1234567..)"
        )
    if not check_digit_ok(candidate):
        raise InvalidIdentification("national_id", "the check digit does not match; please check the number")
    return candidate


def parse_birth_date(text: str, today: date) -> date:
    """ISO (1985-03-15) or ROC (74/03/15, 0740315) dates; not in the future, not before 1900."""
    text = text.strip()
    try:
        if len(text) == 10 and text[4] == "-":
            born = date.fromisoformat(text)
        else:
            m = _ROC_DATE_RE.fullmatch(text)
            if m is None:
                raise ValueError
            born = date(int(m[1]) + 1911, int(m[2]), int(m[3]))
    except ValueError:
        raise InvalidIdentification("birth_date", "must be a date like 1985-03-15 or ROC 74/03/15") from None
    if born > today or born.year < 1900:
        raise InvalidIdentification("birth_date", "is not a plausible birth date")
    return born


@dataclass(frozen=True, slots=True)
class LightIdentity:
    """The outcome of light identification: never the full number."""

    id_last4: str
    birth_date: date
    subject_key: str  # HMAC-SHA256(secret, ID) hex: lets the hub match records without storing the ID
    assurance: Assurance = Assurance.LIGHT


def identify_light(national_id: str, birth_date: str, today: date, secret: bytes) -> LightIdentity:
    if len(secret) < 16:
        raise ValueError("the subject-key secret must be at least 16 bytes")
    number = normalise_national_id(national_id)
    born = parse_birth_date(birth_date, today)
    key = hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest()
    return LightIdentity(number[-4:], born, key)


def masked(national_id: str) -> str:
    """What a screen may show: ``******6789``."""
    return "*" * 6 + national_id[-4:]


def person_key(national_id: str, secret: bytes) -> tuple[str, str]:
    """(HMAC-SHA256 hex, masked ID) of a checked national ID: how counter records (seals, archive, N+e) refer to
    a person without keeping the number. InvalidIdentification (no echo) for a bad number."""
    number = normalise_national_id(national_id)
    return hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest(), masked(number)
