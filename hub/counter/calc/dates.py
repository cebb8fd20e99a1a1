"""Dates in and out: ISO (2024-02-29) or ROC (113-02-29, 113/2/29, 1130229, 民國113年2月29日) in; both out."""

from __future__ import annotations

import re
from datetime import date

from hub.counter.calc.errors import CalcError

ROC_OFFSET = 1911
_AD = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$")
_ROC = re.compile(r"^\s*(?:民國)?\s*(\d{1,3})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_ROC_PACKED = re.compile(r"^\s*(\d{2,3})(\d{2})(\d{2})\s*$")


def parse_date(text: str | date, field: str) -> date:
    """An AD or ROC date; CalcError naming ``field`` when it is neither or does not exist (113-02-30)."""
    if isinstance(text, date):
        return text
    candidate = str(text)
    match = _AD.match(candidate)
    if match:
        year = int(match.group(1))
    else:
        match = _ROC.match(candidate) or _ROC_PACKED.match(candidate)
        if not match:
            raise CalcError(
                field,
                f"看不懂日期「{candidate}」，請寫成 2024-02-29（西元）或 113-02-29（民國）。",
                f"cannot read the date {candidate!r}; write 2024-02-29 (AD) or 113-02-29 (ROC)",
            )
        year = int(match.group(1)) + ROC_OFFSET
    try:
        return date(year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise CalcError(
            field, f"日期「{candidate}」不存在。", f"the date {candidate!r} does not exist"
        ) from None


def format_roc(day: date) -> str:
    """民國113年2月29日; years before 1912 are written 民國前N年."""
    roc = day.year - ROC_OFFSET
    year = f"民國{roc}年" if roc >= 1 else f"民國前{1 - roc}年"
    return f"{year}{day.month}月{day.day}日"


def both(day: date) -> str:
    """2024-02-29（民國113年2月29日）: how every calculator shows a date."""
    return f"{day.isoformat()}（{format_roc(day)}）"


def weekday_zh(day: date) -> str:
    return "星期" + "一二三四五六日"[day.weekday()]
