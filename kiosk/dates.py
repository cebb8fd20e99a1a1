"""Dates as a citizen reads them: the ROC calendar (民國) in Chinese, day month year in English (pure)."""

from __future__ import annotations

import datetime as dt

ROC_OFFSET = 1911
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(value: dt.date | str, lang: str) -> str:
    """``民國115年12月4日`` (zh-TW) or ``4 Dec 2026`` (en) of a date or an ISO date text."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if lang == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"
