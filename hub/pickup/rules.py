"""Document pick-up by MMS code (pure): the seed's offices, one-time codes, and what a read at a counter means.

Seed 004:1463 「系統於申辦案件處理完成後，發送多媒體簡訊，民眾可透過手機接收多媒體簡訊，至縣府所設置的領件櫃台憑此領取」;
the offices are the seed's list (004:1471-1477); no ID card needed (004:1465 「免帶身份證件」).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hub.core.citations import SEED_004, Cite
from wire.payloads.cases import ALPHABET

SENT_CITE = Cite(SEED_004, 1463, "系統於申辦案件處理完成後，發送多媒體簡訊")
NO_ID_CITE = Cite(SEED_004, 1465, "持多媒體簡訊即可至櫃檯領件，免帶身份證件")
OFFICES_CITE = Cite(SEED_004, 1469, "多媒體簡訊領件地點")

#: The seed's pick-up offices (004:1471-1477), code → name, in the table's order (column by column).
OFFICES: dict[str, str] = {
    "HR-TAOYUAN": "桃園市戶政事務所", "HR-ZHONGLI": "中壢市戶政事務所", "HR-PINGZHEN": "平鎮市戶政事務所",
    "HR-DAXI": "大溪鎮戶政事務所", "HR-YANGMEI": "楊梅鎮戶政事務所", "HR-BADE": "八德市戶政事務所",
    "HR-LUZHU": "蘆竹鄉戶政事務所", "HR-GUISHAN": "龜山鄉戶政事務所", "HR-DAYUAN": "大園鄉戶政事務所",
    "HR-LONGTAN": "龍潭鄉戶政事務所", "HR-XINWU": "新屋鄉戶政事務所", "HR-GUANYIN": "觀音鄉戶政事務所",
    "HR-FUXING": "復興鄉戶政事務所", "LAND-TAOYUAN": "桃園地政事務所", "LAND-ZHONGLI": "中壢地政事務所",
    "LAND-PINGZHEN": "平鎮地政事務所", "LAND-DAXI": "大溪地政事務所", "LAND-YANGMEI": "楊梅地政事務所",
    "LAND-BADE": "八德地政事務所", "LAND-LUZHU": "蘆竹地政事務所",
}  # fmt: skip
#: A code is valid this long after it is sent (an assumption: the seed names no period).
VALID_FOR = timedelta(days=30)
CODE_LENGTH = 10
CODE_ALPHABET = ALPHABET  # digits and letters without I, L, O: read aloud or typed without confusion


class PickupError(ValueError):
    """Bad input (unknown office, malformed code); ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def check_office(code: str) -> str:
    if code not in OFFICES:
        raise PickupError("office", f"unknown office {code[:20]!r}; choose one of {', '.join(OFFICES)}")
    return code


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    value = text.strip().upper().replace("-", "").replace(" ", "")
    if len(value) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in value):
        raise PickupError("code", f"a pick-up code is {CODE_LENGTH} letters and digits (no I, L or O)")
    return value


def code_hash(secret: bytes, code: str) -> str:
    """The stored form of a code (HMAC-SHA256): a leaked table gives no usable code."""
    return hmac.new(secret, code.encode("ascii"), hashlib.sha256).hexdigest()


class Verdict(StrEnum):
    OK = "ok"
    USED = "used"
    EXPIRED = "expired"
    WRONG_OFFICE = "wrong_office"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Pickup:
    office: str
    expires_at: datetime
    handed_at: datetime | None


def judge(pickup: Pickup | None, office: str, now: datetime) -> Verdict:
    """What a read of the code at ``office`` means; used before expired before wrong office."""
    if pickup is None:
        return Verdict.UNKNOWN
    if pickup.handed_at is not None:
        return Verdict.USED
    if now >= pickup.expires_at:
        return Verdict.EXPIRED
    if pickup.office != office:
        return Verdict.WRONG_OFFICE
    return Verdict.OK


MESSAGES: dict[Verdict, tuple[str, str]] = {
    Verdict.OK: ("可領件：請核對案件後交付文件", "Ready: check the case, then hand the document over"),
    Verdict.USED: ("此領件碼已使用過，文件已於 {handed} 交付", "This code was used already: handed over on {handed}"),
    Verdict.EXPIRED: ("此領件碼已逾期，請民眾洽承辦單位重新申請領件", "This code has expired; ask the agency for a new one"),
    Verdict.WRONG_OFFICE: ("文件不在本所，請至「{office}」領取", "The document is held at {office}, not here"),
    Verdict.UNKNOWN: ("查無此領件碼，請再確認", "No such pick-up code; please check it"),
}  # fmt: skip
