"""The 1999 operator finds a caller's case without its number: applicant name + phone, or name + ID last 4.

A name alone is too vague and is refused; so is a search that matches more than ``MAX_MATCHES`` cases (the
operator then asks for the case number): the look-up never lists strangers' cases. Staff of one agency find
only its cases. Every search that ran is written to the audit log (who, why, how, which cases), never the
name, phone or digits asked for. Messages are zh-TW with ``{}`` values; the page shows them in the reader's
language (``hub/cases/messages.en.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.cases.models import Case
from hub.cases.service import CONTROL_CHARS
from hub.staff.accounts import StaffPrincipal, audit

MAX_MATCHES = 3
_SPACES = re.compile(r"\s+")
_PHONE_DIGITS = re.compile(r"^0\d{8,9}$")  # 09xxxxxxxx, or a landline with its area code


class SearchRefused(ValueError):
    """Why a search was not run (or not shown); ``text`` is zh-TW with ``{name}`` values in ``values``."""

    def __init__(self, text: str, status: int = 422, **values: object) -> None:
        super().__init__(text.format(**values))
        self.text, self.values, self.status = text, values, status


@dataclass(frozen=True, slots=True)
class Match:
    case_no: str
    service_name: str
    received_on: object
    milestone_name: str
    status: str
    phone_hint: str  # 0912***678: enough for the operator to confirm with the caller, no more


def _hint(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return f"{digits[:4]}***{digits[-3:]}" if len(digits) >= 8 else ""


def check_query(name: str, phone: str, id_last4: str) -> tuple[str, str, str]:
    """The normalised ``(name, phone digits, last 4)``, or SearchRefused saying what to ask the caller."""
    name = _SPACES.sub(" ", CONTROL_CHARS.sub("", name)).strip()
    phone = re.sub(r"[\s\-()]", "", phone)
    id_last4 = id_last4.strip()
    if len(name) < 2:
        raise SearchRefused("請輸入申請人的完整姓名（至少 2 個字）。")
    if not phone and not id_last4:
        raise SearchRefused("只有姓名太模糊，不能查詢：請再問來電者申請時留的電話，或身分證字號末四碼。")
    if phone and not _PHONE_DIGITS.match(phone):
        raise SearchRefused("電話請輸入完整號碼（例如 0912345678 或 0422289111）。")
    if id_last4 and not re.fullmatch(r"\d{4}", id_last4):
        raise SearchRefused("身分證字號末四碼是 4 個數字。")
    return name, phone, id_last4


@dataclass(frozen=True, slots=True)
class Found:
    """The caller's cases (newest first), or none and ``too_many`` set to how many matched."""

    matches: list[Match]
    too_many: int = 0

    def refusal(self) -> SearchRefused | None:
        if not self.too_many:
            return None
        return SearchRefused("符合的案件有 {n} 件，超過 {max} 件不列出：請向來電者問案件編號。", 409,
                             n=self.too_many, max=MAX_MATCHES)  # fmt: skip


def find_for_caller(
    session: Session, staff: StaffPrincipal, name: str, phone: str = "", id_last4: str = "", reason: str = ""
) -> Found:
    """At most MAX_MATCHES cases of the caller, logged (a refusal for too many is logged too, so it commits);
    SearchRefused, before anything is read or logged, when the query is too vague or malformed."""
    name, phone, id_last4 = check_query(name, phone, id_last4)
    query = select(Case).where(Case.name == name).order_by(Case.created_at.desc())
    if staff.agency is not None:
        query = query.where(Case.agency == staff.agency)
    found = [
        c
        for c in session.scalars(query)
        if (not phone or re.sub(r"\D", "", c.phone or "") == phone)
        and (not id_last4 or str((c.fields or {}).get("id_last4") or "") == id_last4)
    ]
    how = "+".join(["name", *(["phone"] if phone else []), *(["id_last4"] if id_last4 else [])])
    shown = found if len(found) <= MAX_MATCHES else []
    audit(
        session,
        staff.name,
        "case.search",
        ",".join(c.case_no for c in shown)[:64] or "-",
        {"reason": CONTROL_CHARS.sub("", reason)[:200] or None, "by": how, "matches": len(found)},
    )
    if len(found) > MAX_MATCHES:
        return Found([], too_many=len(found))
    return Found(
        [
            Match(c.case_no, c.service_name, c.received_on, c.milestone_name, c.status, _hint(c.phone))
            for c in shown
        ]
    )
