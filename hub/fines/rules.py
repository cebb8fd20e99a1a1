"""Fine look-up rules (pure): the three keys and their checks, the receipt's masking, the store limit.

Every rule cites seed 004 (the Taoyuan report) verbatim; ``tests/hub/fines/test_citations.py`` checks each quote.
"""

from __future__ import annotations

import re
from datetime import date

from hub.auth.national_id import InvalidIdentification, normalise_national_id
from hub.core.citations import s004
from wire.payloads.fines import MAX_TICKED, FineKey
from wire.printed import MAX_AMOUNT

KEYS_CITE = s004(669, "可透過輸入身分證字號、統一編號或罰單編號任一條件，即會帶出所屬個人應繳罰鍰")
COLUMNS_CITE = s004(1798, "罰單編號	開立日期	處分書號	應繳金額	繳費期限")
TICK_CITE = s004(1794, "(可複選勾取，最多五筆，每筆將單獨列出繳費單)")
MASK_CITE = s004(1835, "身分證統一編號後 4 碼以“*”代替以資保密")
STORE_CITE = s004(1835, "繳納金額 2 萬元以下之案件，於繳款期限內，得至統一便利商店查詢繳納")
BANK_CITE = s004(1835, "超過 2 萬元請就近至代收稅款之金融機構或利用自動櫃員機等方式繳納")
RECEIPT_CITE = s004(1825, "罰 鍰 繳 納 憑 證")
RECEIPT_FIELDS_CITE = s004(1829, "開罰單位	(ex：桃園縣政府環保局，由系統帶出)")
TICKED_LIMIT = (MAX_TICKED, TICK_CITE)

_BUSINESS_RE = re.compile(r"^\d{8}$")
_FINE_RE = re.compile(r"^[0-9A-Z]{6,15}$")
#: Weights of the 統一編號 check (Ministry of Finance): digit × weight, the two digits of each product added.
BUSINESS_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)


class InvalidKey(ValueError):
    """A look-up key that cannot be right; ``field`` names it, the message never repeats the input."""

    def __init__(self, field: str, zh: str, en: str) -> None:
        super().__init__(f"{field}: {en}")
        self.field, self.zh, self.en = field, zh, en


def business_no_ok(number: str) -> bool:
    """The 統一編號 check rule: the sum of the digit sums of digit × weight is divisible by 5 (the Ministry of
    Finance's rule since 2023; every older number also meets the former "by 10"). When the 7th digit is 7 its
    product 28 counts as 1 (2+8=10 → 1+0) or 0, and either way passing is enough."""
    if not _BUSINESS_RE.fullmatch(number):
        return False
    sums = [sum(divmod(int(d) * w, 10)) for d, w in zip(number, BUSINESS_WEIGHTS, strict=True)]
    total = sum(sums)
    if number[6] == "7":  # sums[6] is 10 → 1+0: the digit may count as 1 or 0
        total -= sums[6]
        return total % 5 == 0 or (total + 1) % 5 == 0
    return total % 5 == 0


def normalise_key(kind: FineKey, text: str) -> str:
    """The key as stored (upper-cased, trimmed), or InvalidKey naming the field."""
    value = text.strip().upper() if isinstance(text, str) else ""
    if kind is FineKey.NATIONAL_ID:
        try:
            return normalise_national_id(value)
        except InvalidIdentification as exc:
            raise InvalidKey("national_id", "身分證字號格式或檢查碼不正確，請再確認。", exc.message) from None
    if kind is FineKey.BUSINESS_NO:
        if not _BUSINESS_RE.fullmatch(value):
            raise InvalidKey("business_no", "統一編號是 8 位數字。", "a business number is 8 digits")
        if not business_no_ok(value):
            raise InvalidKey(
                "business_no",
                "統一編號檢查碼不正確，請再確認。",
                "the business number's check does not add up",
            )
        return value
    if not _FINE_RE.fullmatch(value):
        raise InvalidKey(
            "fine_no", "罰單編號是 6 到 15 位英數字。", "a fine number is 6 to 15 letters or digits"
        )
    return value


def payer_kind(payer_id: str) -> FineKey:
    """NATIONAL_ID or BUSINESS_NO by shape and check; InvalidKey naming ``payer_id`` otherwise."""
    value = payer_id.strip().upper()
    if _BUSINESS_RE.fullmatch(value):
        normalise_key(FineKey.BUSINESS_NO, value)
        return FineKey.BUSINESS_NO
    try:
        normalise_national_id(value)
    except InvalidIdentification:
        raise InvalidKey(
            "payer_id",
            "受處分人須為有效的身分證字號或統一編號。",
            "must be a national ID with a valid check digit or an 8-digit business number that passes its check",
        ) from None
    return FineKey.NATIONAL_ID


def mask_payer(payer_id: str) -> str:
    """What the receipt prints: the last 4 characters as ``*`` (seed 004:1835)."""
    return payer_id[:-4] + "****"


def mask_name(name: str) -> str:
    """A person's name on a screen without the card: first and last character, ○ between (王○明, 林○)."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "○"
    return name[0] + "○" * (len(name) - 2) + name[-1]


def store_slip_allowed(amount: int, due_on: date, today: date) -> bool:
    """A store may collect a fine up to NT$20,000 within its due date (seed 004:1835); otherwise no slip."""
    return 1 <= amount <= MAX_AMOUNT and today <= due_on
