"""Cases opened at kiosks: the case-number format, the query-password hash format, and the event body.

A kiosk can open a case while the hub is away: it makes the case number and the query password itself
(``make_case_no``, ``hash_query_password``), prints the receipt, and sends only the password's hash in
``case.opened``. The hub stores the case once per event id and accepts the number if it is well formed.
"""

import base64
import hashlib
import hmac
import itertools
import os
import re
import secrets
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    field_validator,
    model_serializer,
)

from wire.enums import Channel
from wire.registry import Payload, payload

#: Characters of random parts: no 0/O, 1/I/L, so a caller can read them over the phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Value of each character for the check character; distinct (mod 31) among the characters that can share
#: a position, so every single substitution and every adjacent swap is detected.
_CHECK_VALUES = {c: i for i, c in enumerate(ALPHABET)} | {"0": 29, "1": 30, "O": 0}
CASE_NO_PATTERN = r"^[KCOM][0-9]{6}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$"
_CASE_NO_RE = re.compile(CASE_NO_PATTERN)
PASSWORD_LENGTH = 8
#: A real case number, for texts that show the citizen what one looks like (its check character agrees).
CASE_NO_EXAMPLE = "K261121-4AD53-AJ5H3"
#: A query password as one is made (8 characters of ALPHABET), for the same texts.
PASSWORD_EXAMPLE = "MV9ZZNKX"
#: Characters a case number holds without its hyphens: origin letter, YYMMDD, 10 characters of ALPHABET.
CASE_NO_LENGTH = 17
#: scrypt cost used for query passwords (about 16 MiB and tens of milliseconds per check).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
HASH_PATTERN = r"^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$"


class Origin(StrEnum):
    """Where a case was opened; the first letter of its number."""

    KIOSK = "K"
    COUNTER = "C"
    ONLINE = "O"
    MAIL = "M"  # mail, fax or phone, registered by counter staff


def _check_char(body: str) -> str:
    total = sum((i + 1) * _CHECK_VALUES[c] for i, c in enumerate(body.replace("-", "")))
    return ALPHABET[total % len(ALPHABET)]


def make_case_no(origin: Origin, day: date, rng: secrets.SystemRandom | None = None) -> str:
    """A new case number ``K251121-7QX4M-Z3P9H``: origin, YYMMDD, 9 random characters and a check character.

    45 random bits per day make a clash between independently made numbers (offline kiosks) negligible;
    the hub still refuses a number it already holds for a different event.
    """
    pick = rng or secrets.SystemRandom()
    rand = "".join(pick.choice(ALPHABET) for _ in range(9))
    body = f"{origin.value}{day:%y%m%d}-{rand[:5]}-{rand[5:]}"
    return body + _check_char(body)


def origin_letters() -> str:
    """The letters a case number may start with (``KCOM``)."""
    return "".join(o.value for o in Origin)


def characters_left_out() -> str:
    """The digits and letters no random part (nor a password) uses: ``01ILO``, they read like each other."""
    return "".join(c for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in ALPHABET)


def case_no_expects(typed: str) -> str:
    """The characters that may come next after ``typed`` (no hyphens): an origin letter, six date digits,
    then ten characters of ALPHABET; "" once the number is complete."""
    position = len(typed)
    if position == 0:
        return origin_letters()
    if position <= 6:
        return "0123456789"
    return ALPHABET if position < CASE_NO_LENGTH else ""


def normalize_case_no(text: str) -> str:
    """Upper-case and re-hyphenate what a person typed (``k251121 7qx4m z3p9h`` → ``K251121-7QX4M-Z3P9H``)."""
    raw = re.sub(r"[\s-]", "", text).upper()
    return f"{raw[:7]}-{raw[7:12]}-{raw[12:]}" if len(raw) == 17 else text.strip().upper()


def is_valid_case_no(text: str) -> bool:
    """True if ``text`` has the case-number shape and its check character agrees (catches most typos)."""
    return bool(_CASE_NO_RE.fullmatch(text)) and _check_char(text[:-1]) == text[-1]


def make_query_password() -> str:
    """A new 8-character query password (about 40 bits), shown or printed once."""
    return "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_LENGTH))


def hash_query_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` of a password (the only form that is stored or sent)."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(
        password.strip().upper().encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_query_password(password: str, stored: str) -> bool:
    """Constant-time check of a typed password against a stored hash; False for any malformed hash."""
    if not re.fullmatch(HASH_PATTERN, stored) or len(password) > 64:
        return False
    salt = base64.b64decode(stored.split("$")[4])
    return hmac.compare_digest(hash_query_password(password, salt), stored)


# The password a citizen who filed online chooses for printing the case's payment slip at a store kiosk
# (seed 004:665: 申辦案號及自訂密碼). Typed on the kiosk's code pad: digits and the letters of ALPHABET.
SLIP_PASSWORD_MIN, SLIP_PASSWORD_MAX = 6, 12
SLIP_PASSWORD_CHARS = "0123456789" + "".join(c for c in ALPHABET if c.isalpha())


class SlipPasswordError(ValueError):
    """A chosen slip password the rules refuse; the message says what to change (zh-TW, then English)."""


def check_slip_password(text: str) -> str:
    """The chosen slip password upper-cased, or SlipPasswordError: 6 to 12 of SLIP_PASSWORD_CHARS, not one
    character repeated, not a run of consecutive digits (123456, 987654)."""
    value = text.strip().upper()
    if not SLIP_PASSWORD_MIN <= len(value) <= SLIP_PASSWORD_MAX:
        raise SlipPasswordError(f"自訂密碼須為 {SLIP_PASSWORD_MIN} 至 {SLIP_PASSWORD_MAX} 碼。 "
                                f"the slip password needs {SLIP_PASSWORD_MIN} to {SLIP_PASSWORD_MAX} characters")  # fmt: skip
    bad = sorted({c for c in value if c not in SLIP_PASSWORD_CHARS})
    if bad:
        raise SlipPasswordError(f"自訂密碼只能用數字及英文字母（不含 I、L、O）：{''.join(bad)} 不可用。 "
                                f"use digits and letters other than I, L, O; not {''.join(bad)}")  # fmt: skip
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(value)}
    if len(set(value)) == 1 or (value.isdigit() and steps in ({1}, {-1})):
        raise SlipPasswordError("自訂密碼太容易猜（同一字或連續數字），請換一個。 "
                                "too easy to guess (one character or consecutive digits); choose another")  # fmt: skip
    return value


CaseNo = Annotated[str, StringConstraints(pattern=CASE_NO_PATTERN)]
ServiceCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
PasswordHash = Annotated[str, StringConstraints(pattern=HASH_PATTERN)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$", max_length=254)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9]{8,15}$")]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Identity(StrEnum):
    CARD = "card"  # citizen certificate card and PIN, checked at the kiosk
    LIGHT = "light"  # name and phone only
    NONE = "none"


@payload(Channel.EVENT, "case.opened")
class CaseOpened(Payload):
    """A citizen opened a case at a kiosk (made offline if need be; the hub stores it once per event id)."""

    case_no: CaseNo
    service: ServiceCode
    form_version: Annotated[int, Field(ge=1, le=10_000)] | None = None
    password_hash: PasswordHash
    name: Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]
    phone: Phone | None = None
    email: Email | None = None
    identity: Identity = Identity.NONE
    consent: bool
    fields: Annotated[
        dict[Annotated[str, StringConstraints(max_length=32)], ShortText],
        Field(default_factory=dict, max_length=20),
    ]

    @field_validator("case_no")
    @classmethod
    def _check_digit(cls, value: str) -> str:
        if not is_valid_case_no(value):
            raise ValueError("the case number's check character does not match; make it with make_case_no")
        return value

    @field_validator("consent")
    @classmethod
    def _consented(cls, value: bool) -> bool:
        if not value:
            raise ValueError("a case is opened only with the citizen's consent to processing personal data")
        return value


@payload(Channel.REQUEST, "case.query")
class CaseQuery(Payload):
    """A citizen at a kiosk asks about a case with its number and query password (progress, slips to print).

    Five wrong pairs per case number or per device in 15 minutes and the hub answers ``limited``."""

    case_no: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    #: ask for the English names too (``service_name_en``, ``milestone_name_en``): one language per kiosk
    #: screen. Only a caller that asks gets them, so an older agent, which refuses unknown fields in the
    #: answer, keeps working against a newer hub.
    english: bool = False


class SlipInfo(Payload):
    """One unpaid payment slip: what the kiosk prints (barcode segments 9/16/15 characters, QR text)."""

    payment_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,16}$")]
    amount: Annotated[int, Field(ge=1, le=20_000)]
    due_on: date
    barcodes: tuple[str, str, str]
    qr: Annotated[str, StringConstraints(max_length=200)]


class BankPayment(Payload):
    """An unpaid amount over NT$20,000: no store slip; the kiosk tells the citizen to pay at a bank or ATM
    (seed 004:1835, ``wire.printed.BANK_OR_ATM``)."""

    payment_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,16}$")]
    amount: Annotated[int, Field(ge=20_001)]
    due_on: date


@payload(Channel.RESPONSE, "case.query")
class CaseStatus(Payload):
    """The answer to ``case.query``: ``found`` False for a wrong pair or unknown number (indistinguishable)."""

    found: bool
    limited: bool = False
    case_no: CaseNo | None = None
    service_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    milestone_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    #: English names, only when the query asked (``CaseQuery.english``) and the catalogue still has them
    service_name_en: Annotated[str, StringConstraints(max_length=200)] | None = None
    milestone_name_en: Annotated[str, StringConstraints(max_length=200)] | None = None
    closed: bool = False
    due_on: date | None = None
    waiting_for_supplement: bool = False
    #: what staff wrote when they asked for the supplement (補正), shown to the citizen at the kiosk
    supplement_note: Annotated[str, StringConstraints(max_length=500)] | None = None
    slips: Annotated[tuple[SlipInfo, ...], Field(max_length=20)] = ()
    bank_only: Annotated[tuple[BankPayment, ...], Field(max_length=20)] = ()

    @model_serializer(mode="wrap")
    def _without_absent_english(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The English names are left out unless given: an older agent refuses a field it does not know,
        even a null one."""
        data: dict[str, Any] = handler(self)
        for key in OPTIONAL_ENGLISH:
            if data.get(key) is None:
                data.pop(key, None)
        return data


@payload(Channel.REQUEST, "case.slip")
class SlipQuery(Payload):
    """At a store kiosk: the payment slips of a case filed online, with its number and the password the
    citizen chose for printing them (seed 004:665). Wrong pairs count with ``case.query``'s, per device."""

    case_no: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=64)]


@payload(Channel.RESPONSE, "case.slip")
class CaseSlips(Payload):
    """The answer to ``case.slip``: ``found`` False for a wrong pair, an unknown number or a case with no
    chosen password (indistinguishable); ``tries_left`` wrong pairs for this number from this kiosk."""

    found: bool
    limited: bool = False
    tries_left: Annotated[int, Field(ge=0, le=100)] | None = None
    case_no: CaseNo | None = None
    service_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    slips: Annotated[tuple[SlipInfo, ...], Field(max_length=20)] = ()
    bank_only: Annotated[tuple[BankPayment, ...], Field(max_length=20)] = ()


#: CaseStatus fields added after agents were in the field: sent only when they hold something
OPTIONAL_ENGLISH = ("service_name_en", "milestone_name_en")
