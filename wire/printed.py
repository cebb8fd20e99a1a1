"""Everything OneStop prints for a machine to read back: slip barcodes (Code 39 9/16/15) and every QR text.

Pure computation, no I/O. The check-character rule and its sources are in docs/payment-slip.md. The QR
texts (``ONESTOP:PAY:``, ``ONESTOP:FINE:``, ``ONESTOP:CASE:``, ``ONESTOP:TEST:``, ``ONESTOP:FORM:``) are built and parsed here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from wire.payloads.cases import ALPHABET, PASSWORD_LENGTH

#: A convenience store collects at most this much on one slip (NT$). An amount over it gets no slip at all:
#: the citizen pays at a bank or ATM (seed 004:1835 「超過 2 萬元請就近至代收稅款之金融機構或利用自動櫃員機等方式繳納」).
MAX_AMOUNT = 20_000
#: What the citizen is told instead of a slip when the amount is over MAX_AMOUNT (zh-TW, English).
BANK_OR_ATM = (
    "金額超過新臺幣 2 萬元，超商不能代收；請至代收稅款之金融機構臨櫃或利用自動櫃員機 (ATM) 繳納。",
    "Over NT$20,000 a convenience store cannot collect this; please pay at a bank counter or an ATM.",
)
ROC_OFFSET = 1911

_ITEM_RE = re.compile(r"^[0-9A-Z]{3}$")
_PAYMENT_NO_RE = re.compile(r"^[0-9A-Z]{1,16}$")
_SEGMENT_RE = re.compile(r"^[0-9A-Z]*$")

# Code 39 letters as numbers for the check sum: A-I = 1-9, J-R = 1-9, S-Z = 2-9.
_LETTER_VALUES = {
    **{chr(ord("A") + i): i + 1 for i in range(9)},
    **{chr(ord("J") + i): i + 1 for i in range(9)},
    **{chr(ord("S") + i): i + 2 for i in range(8)},
}


class SlipCodeError(ValueError):
    """Slip data that cannot be encoded; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class SlipCodes:
    """The three barcode segments printed on a payment slip, in printing order."""

    segment1: str  # 9: due date as ROC yymmdd + 3-character collection item code
    segment2: str  # 16: payment number, left-aligned, padded with 0 on the right
    segment3: str  # 15: due month-day + 2 check characters + 9-digit amount

    @property
    def segments(self) -> tuple[str, str, str]:
        return (self.segment1, self.segment2, self.segment3)


def char_value(char: str) -> int:
    """Numeric value of one barcode character for the check sum (digits as is, letters per the table)."""
    if char.isdigit() and char.isascii():
        return int(char)
    try:
        return _LETTER_VALUES[char]
    except KeyError:
        raise SlipCodeError(
            f"character {char!r} cannot appear in a payment slip barcode (use 0-9, A-Z)"
        ) from None


def check_characters(segment1: str, segment2: str, month_day: str, amount_digits: str) -> str:
    """The 2 check characters of segment 3.

    Odd (1st, 3rd, ...) positions of each segment, counted from 1 within the segment, are summed for the
    first character and even positions for the second; segment 3 is counted with the check characters
    themselves left out (they sit at positions 5 and 6, one odd and one even, and count as 0). Each sum
    is taken modulo 11; remainder 0 prints as ``A`` / ``X``, 10 as ``B`` / ``Y``, others as the digit.
    """
    segment3 = month_day + "\0\0" + amount_digits
    odd = even = 0
    for segment in (segment1, segment2, segment3):
        for index, char in enumerate(segment):
            value = 0 if char == "\0" else char_value(char)
            if index % 2 == 0:
                odd += value
            else:
                even += value
    first, second = odd % 11, even % 11
    c1 = "A" if first == 0 else "B" if first == 10 else str(first)
    c2 = "X" if second == 0 else "Y" if second == 10 else str(second)
    return c1 + c2


def slip_codes(*, due: date, item_code: str, payment_no: str, amount: int) -> SlipCodes:
    """Compute the three segments; SlipCodeError for data a store could not collect."""
    if not _ITEM_RE.fullmatch(item_code):
        raise SlipCodeError(
            f"collection item code {item_code!r} must be 3 characters 0-9/A-Z (assigned by the bank)"
        )
    if not _PAYMENT_NO_RE.fullmatch(payment_no):
        raise SlipCodeError(f"payment number {payment_no!r} must be 1-16 characters 0-9/A-Z")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise SlipCodeError("amount must be a whole number of NT dollars")
    if not 1 <= amount <= MAX_AMOUNT:
        raise SlipCodeError(
            f"amount NT${amount:,} is outside 1..{MAX_AMOUNT:,}: a convenience store collects at most "
            f"NT${MAX_AMOUNT:,}; a larger amount gets no slip and is paid at a bank or ATM"
        )
    roc_year = due.year - ROC_OFFSET
    if roc_year < 1:
        raise SlipCodeError(f"due date {due.isoformat()} is before the ROC calendar")
    segment1 = f"{roc_year % 100:02d}{due.month:02d}{due.day:02d}{item_code}"
    segment2 = payment_no.ljust(16, "0")
    month_day = f"{due.month:02d}{due.day:02d}"
    amount_digits = f"{amount:09d}"
    segment3 = month_day + check_characters(segment1, segment2, month_day, amount_digits) + amount_digits
    return SlipCodes(segment1, segment2, segment3)


def verify(segments: tuple[str, str, str]) -> bool:
    """True if three scanned segments have the right lengths and check characters (what a store POS checks)."""
    s1, s2, s3 = segments
    if (len(s1), len(s2), len(s3)) != (9, 16, 15) or not all(_SEGMENT_RE.fullmatch(s) for s in segments):
        return False
    try:
        return s3[4:6] == check_characters(s1, s2, s3[:4], s3[6:])
    except SlipCodeError:
        return False


def store_payable(amount: int) -> bool:
    """True if a convenience store may collect this amount on a slip; over NT$20,000 it may not (seed 004:1835)."""
    return 1 <= amount <= MAX_AMOUNT


QR_PREFIX = "ONESTOP:"
_CASE_NO = r"[A-Za-z0-9][A-Za-z0-9-]{0,31}"
_CASE_QR_RE = re.compile(rf"^ONESTOP:CASE:({_CASE_NO})$")
_PAY_QR_RE = re.compile(
    rf"^ONESTOP:PAY:({_CASE_NO}):([0-9A-Z]{{1,16}}):([0-9]{{1,9}}):(\d{{4}}-\d{{2}}-\d{{2}})$"
)


@dataclass(frozen=True, slots=True)
class PaymentQr:
    """What a payment slip's QR says: which case, which payment, how much, due when."""

    case_no: str
    payment_no: str
    amount: int
    due: date


def qr_content(*, case_no: str, payment_no: str, amount: int, due: date) -> str:
    """Text of the slip's QR code: a OneStop payment reference a kiosk or staff scanner can read back."""
    return f"{QR_PREFIX}PAY:{case_no}:{payment_no}:{amount}:{due.isoformat()}"


def payment_from_qr(text: str) -> PaymentQr | None:
    """The payment reference in a scanned QR text, or None if it is not a OneStop payment code."""
    match = _PAY_QR_RE.fullmatch(text.strip())
    if match is None:
        return None
    case_no, payment_no, amount, due = match.groups()
    try:
        return PaymentQr(case_no, payment_no, int(amount), date.fromisoformat(due))
    except ValueError:
        return None


def fine_qr_content(*, fine_no: str, payment_no: str, amount: int, due: date) -> str:
    """Text of a fine slip's QR code (罰鍰繳納憑證): the fine and its payment reference."""
    return f"{QR_PREFIX}FINE:{fine_no}:{payment_no}:{amount}:{due.isoformat()}"


def pickup_qr_content(code: str) -> str:
    """Text of the QR image in a pick-up MMS: the one-time code a counter's 2D reader reads back."""
    return f"{QR_PREFIX}PICKUP:{code}"


def pickup_from_qr(text: str) -> str | None:
    """The code in a scanned pick-up QR (or the code alone, as typed or read as plain text); None otherwise."""
    value = text.strip()
    if value.startswith(f"{QR_PREFIX}PICKUP:"):
        value = value.removeprefix(f"{QR_PREFIX}PICKUP:")
    elif value.startswith(QR_PREFIX):
        return None
    return value or None


def case_qr_content(case_no: str) -> str:
    """Text of the QR printed on every page of a form and receipt: ties a returned page to its case."""
    return f"{QR_PREFIX}CASE:{case_no}"


def case_from_qr(text: str) -> str | None:
    """The case number in a scanned QR text, or None if it is not a OneStop case code."""
    match = _CASE_QR_RE.fullmatch(text.strip())
    return match.group(1) if match else None


_QUERY_QR_RE = re.compile(rf"^ONESTOP:QUERY:({_CASE_NO}):([{ALPHABET}]{{{PASSWORD_LENGTH}}})$")


@dataclass(frozen=True, slots=True)
class QueryQr:
    """What a receipt's QR gives a progress query: the case number, and the password when it was printed."""

    case_no: str
    password: str | None


def query_qr_content(case_no: str, password: str) -> str:
    """Text of the QR on a receipt printed with its query password (受理憑單): a kiosk scans it to ask
    about the case, so nobody types 17 + 8 characters. It says no more than the text printed beside it."""
    return f"{QR_PREFIX}QUERY:{case_no}:{password}"


def query_from_qr(text: str) -> QueryQr | None:
    """Case number and password from a receipt's QR; a case-only QR (re-printed receipts, form pages) gives
    the number alone; None for anything else."""
    match = _QUERY_QR_RE.fullmatch(text.strip())
    if match is not None:
        return QueryQr(match.group(1), match.group(2))
    case_no = case_from_qr(text)
    return QueryQr(case_no, None) if case_no else None


def selftest_qr_content(when: str) -> str:
    """Text of the QR on a printer's test page: proves the printer draws QR codes a scanner can read."""
    return f"{QR_PREFIX}TEST:{when}"


def selftest_from_qr(text: str) -> str | None:
    """The time stamp in a test page's QR text, or None if it is not a OneStop test page code."""
    text = text.strip()
    prefix = f"{QR_PREFIX}TEST:"
    return text[len(prefix) :] if text.startswith(prefix) and len(text) > len(prefix) else None


_FORM_QR_RE = re.compile(r"^ONESTOP:FORM:([A-Z0-9][A-Z0-9-]{1,31}):V([1-9][0-9]{0,5}):([0-9a-f]{8})$")


@dataclass(frozen=True, slots=True)
class FormQr:
    """What the QR on a printed library form says: which form, which version, the start of its file hash."""

    code: str
    version: int
    sha8: str


def form_qr_content(code: str, version: int, sha256: str) -> str:
    """Text of the QR on every page of a form printed from the library (issue 15)."""
    text = f"{QR_PREFIX}FORM:{code}:V{version}:{sha256[:8]}"
    if _FORM_QR_RE.fullmatch(text) is None:
        raise ValueError(f"cannot make a form QR of {code!r} version {version!r} hash {sha256[:8]!r}")
    return text


def form_from_qr(text: str) -> FormQr | None:
    """The form, version and hash prefix in a scanned QR text, or None if it is not a library form code."""
    match = _FORM_QR_RE.fullmatch(text.strip())
    return FormQr(match.group(1), int(match.group(2)), match.group(3)) if match else None
