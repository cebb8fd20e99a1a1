"""On-screen keypad state and the validation rules of what a citizen types (pure, no Kivy)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from wire.payloads.cases import (
    ALPHABET,
    CASE_NO_EXAMPLE,
    CASE_NO_LENGTH,
    CASE_NO_PATTERN,
    PASSWORD_EXAMPLE,
    PASSWORD_LENGTH,
    SLIP_PASSWORD_CHARS,
    SLIP_PASSWORD_MAX,
    SLIP_PASSWORD_MIN,
    case_no_expects,
    characters_left_out,
    is_valid_case_no,
    normalize_case_no,
)

# Letter values of the Taiwanese national ID check-digit rule (內政部 身分證統一編號 編碼原則).
_LETTER_VALUES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1)
ROC_OFFSET = 1911


class PadKind(StrEnum):
    """Which keypad a field uses; decides the keys shown and the longest entry."""

    PIN = "pin"  # digits, shown masked
    NATIONAL_ID = "national_id"  # one letter then nine digits
    PHONE = "phone"
    DIGITS = "digits"  # dates, technician code
    CASE_NO = "case_no"  # origin letter, six date digits, ten characters of wire.payloads.cases.ALPHABET
    QUERY_PASSWORD = "query_password"  # characters of ALPHABET only (no 0, 1, I, L, O)
    SLIP_PASSWORD = "slip_password"  # the password a citizen chose online: digits and ALPHABET's letters


_MAX_LEN = {PadKind.PIN: 12, PadKind.NATIONAL_ID: 10, PadKind.PHONE: 10, PadKind.DIGITS: 16,
            PadKind.CASE_NO: CASE_NO_LENGTH, PadKind.QUERY_PASSWORD: PASSWORD_LENGTH,
            PadKind.SLIP_PASSWORD: SLIP_PASSWORD_MAX}  # fmt: skip
_DIGITS = "0123456789"


class InvalidEntry(ValueError):
    """What the citizen typed cannot be used; ``key`` names the catalogue message saying what to do and
    ``params`` fills it."""

    def __init__(self, key: str, params: dict[str, str] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.params = params or {}


def code_formats() -> dict[str, str]:
    """How case numbers and query passwords look, for the texts that tell the citizen (from the wire contract,
    so a change of the generator changes what the kiosk says): an example of each, their lengths, the
    characters never used in their random parts."""
    return {
        "case_example": CASE_NO_EXAMPLE,
        "case_length": str(CASE_NO_LENGTH),
        "password_example": PASSWORD_EXAMPLE,
        "password_length": str(PASSWORD_LENGTH),
        "left_out": "/".join(characters_left_out()),  # 0/1/I/L/O: reads in either language
    }


@dataclass(frozen=True, slots=True)
class PadState:
    """The text typed so far on one keypad; every key press returns a new state."""

    kind: PadKind
    text: str = ""
    max_len: int = 0

    def __post_init__(self) -> None:
        if self.max_len <= 0:
            object.__setattr__(self, "max_len", _MAX_LEN[self.kind])

    def expects(self) -> str:
        """The characters that may be typed next ("" when full): what the on-screen pad offers."""
        if len(self.text) >= self.max_len:
            return ""
        if self.kind is PadKind.NATIONAL_ID and not self.text:
            return "".join(_LETTER_VALUES)
        if self.kind is PadKind.CASE_NO:
            return case_no_expects(self.text)
        if self.kind is PadKind.QUERY_PASSWORD:
            return ALPHABET
        if self.kind is PadKind.SLIP_PASSWORD:
            return SLIP_PASSWORD_CHARS
        return _DIGITS

    def accepts(self, key: str) -> bool:
        """Whether ``key`` may be typed next (the ID pad takes a letter first, then only digits; a case number
        its origin letter, six date digits, then characters of ALPHABET)."""
        return len(key) == 1 and key.upper() in self.expects()

    def press(self, key: str) -> PadState:
        """The state after ``key``; a key that does not fit leaves it unchanged."""
        if not self.accepts(key):
            return self
        return replace(self, text=self.text + key.upper())

    def backspace(self) -> PadState:
        return replace(self, text=self.text[:-1])

    def clear(self) -> PadState:
        return replace(self, text="")

    @property
    def display(self) -> str:
        """What the screen shows: PIN digits masked, everything else as typed."""
        if self.kind is PadKind.PIN:
            return "●" * len(self.text)
        if self.kind is PadKind.CASE_NO:  # a case number reads K261121-4AD53-AJ5H3
            parts = [self.text[:7], self.text[7:12], self.text[12:]]
            return "-".join(p for p in parts if p)
        return self.text


def national_id_valid(value: str) -> bool:
    """True if ``value`` is a national ID number with a correct check digit (e.g. A123456789)."""
    if not re.fullmatch(r"[A-Z][1289][0-9]{8}", value):
        return False
    code = _LETTER_VALUES[value[0]]
    total = code // 10 + (code % 10) * 9
    total += sum(int(d) * w for d, w in zip(value[1:9], _WEIGHTS, strict=True)) + int(value[9])
    return total % 10 == 0


def check_national_id(value: str) -> str:
    if len(value) != 10:
        raise InvalidEntry("error.id_length")
    if not national_id_valid(value):
        raise InvalidEntry("error.id_check")
    return value


def mask_national_id(value: str) -> str:
    """Only the first four characters stay readable (A123******), as on printed receipts."""
    return value[:4] + "*" * max(0, len(value) - 4)


def check_pin(value: str) -> str:
    """A MOICA card PIN is 6 to 8 digits; the card itself decides whether it is right."""
    if not 6 <= len(value) <= 8 or not value.isdigit():
        raise InvalidEntry("error.pin_length")
    return value


def check_phone(value: str) -> str:
    """A mobile number (09 + 8 digits) so the SMS notifications can reach the citizen."""
    if not re.fullmatch(r"09[0-9]{8}", value):
        raise InvalidEntry("error.phone")
    return value


def parse_birth_date(value: str, today: dt.date) -> dt.date:
    """ROC ``YYYMMDD`` (0540312) or AD ``YYYYMMDD`` (19650312) to a date; a future date is refused."""
    if len(value) == 7:
        year = int(value[:3]) + ROC_OFFSET
    elif len(value) == 8:
        year = int(value[:4])
    else:
        raise InvalidEntry("error.birth_date")
    try:
        born = dt.date(year, int(value[-4:-2]), int(value[-2:]))
    except ValueError:
        raise InvalidEntry("error.birth_date") from None
    if born > today or born.year < today.year - 130:
        raise InvalidEntry("error.birth_date")
    return born


def check_case_no(value: str) -> str:
    """The hyphenated case number if its shape and check character are right (typos are caught here)."""
    case_no = normalize_case_no(value)
    if not re.fullmatch(CASE_NO_PATTERN, case_no):
        raise InvalidEntry("error.case_no", code_formats())
    if not is_valid_case_no(case_no):  # the right shape, but the check character disagrees: a typo
        raise InvalidEntry("error.case_no_typo", code_formats())
    return case_no


def check_chosen_password(value: str) -> str:
    """The slip password the citizen chose online (wire.payloads.cases rules); its length is what a typo
    breaks, the other rules were checked when it was chosen."""
    if not SLIP_PASSWORD_MIN <= len(value) <= SLIP_PASSWORD_MAX or any(
        c not in SLIP_PASSWORD_CHARS for c in value
    ):
        raise InvalidEntry("error.slip_password")
    return value


def check_query_password(value: str) -> str:
    if len(value) != PASSWORD_LENGTH or any(c not in ALPHABET for c in value):
        raise InvalidEntry("error.query_password", code_formats())
    return value
