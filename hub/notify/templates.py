"""Notification templates: ``{field}`` placeholders from a fixed vocabulary, checked before use (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Every placeholder a template may use, and what it means.
FIELDS: dict[str, str] = {
    "case_no": "案件編號 case number",
    "name": "申請人姓名 applicant's name",
    "service": "服務名稱 service name",
    "agency": "承辦機關 owning agency",
    "milestone": "目前進度 current milestone",
    "due_date": "處理期限或繳費期限 deadline or payment due date",
    "amount": "應繳金額 amount due (NT$)",
    "payment_no": "繳費編號 payment number",
    "note": "承辦人說明 staff note",
    "query_url": "進度查詢網址 progress query address",
    "survey_url": "滿意度問卷網址 satisfaction questionnaire address (after closing)",
}
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
#: Stands for the hub's public address in a text queued where the settings are not at hand (a kiosk case
#: arriving over MQTT); the sender fills in ``Settings.public_url``. Private-use characters: never typed.
PUBLIC_URL_SLOT = "\ue000public_url\ue000"
#: UCS-2 SMS: 70 characters in one message, 67 per part when split.
SMS_SINGLE, SMS_PART = 70, 67


class TemplateError(ValueError):
    """A template names a placeholder that does not exist, or has an unmatched brace."""


def placeholders(template: str) -> set[str]:
    """The fields a template uses; raises TemplateError for unknown fields or stray braces."""
    used: set[str] = set()
    for match in _PLACEHOLDER.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            raise TemplateError(
                f"unmatched {token!r} at position {match.start()}; write {token * 2} for a brace"
            )
        if name not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            raise TemplateError(f"unknown placeholder {{{name}}}; use one of: {known}")
        used.add(name)
    return used


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill a template; a field without a value becomes empty (never the raw placeholder)."""
    placeholders(template)

    def fill(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return str(values.get(match.group(1), ""))

    return _PLACEHOLDER.sub(fill, template)


def fill_public_url(text: str, public_url: str) -> str:
    """``text`` with every PUBLIC_URL_SLOT replaced by the public address (no trailing slash)."""
    return text.replace(PUBLIC_URL_SLOT, public_url.rstrip("/"))


def sms_parts(text: str) -> int:
    """How many SMS parts a (UCS-2, zh-TW) text takes."""
    if len(text) <= SMS_SINGLE:
        return 1
    return -(-len(text) // SMS_PART)
