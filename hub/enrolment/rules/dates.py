"""ROC (民國) and AD dates: parse either, show both. AD year = ROC year + 1911."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from hub.enrolment.rules.errors import InvalidDate
from hub.enrolment.rules.seed import s003

ROC_OFFSET = 1911
#: Taiwan keeps one offset all year (no daylight saving).
TAIPEI = timezone(timedelta(hours=8), "Asia/Taipei")
RULE_ROC = s003(8, "民國 109 年 9 月 2 日至 110 年 9 月 1 日出生者。(2020/9/2-2021/9/1)")

_AD = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$")
_ROC = re.compile(r"^\s*(?:民國)?\s*(\d{2,3})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def roc_to_ad_year(roc_year: int) -> int:
    return roc_year + ROC_OFFSET


def ad_to_roc_year(ad_year: int) -> int:
    return ad_year - ROC_OFFSET


def _refuse(text: str) -> InvalidDate:
    return InvalidDate(
        f"看不懂日期「{text}」，請輸入如 106-09-02（民國）或 2017-09-02（西元）。",
        f"Cannot read the date {text!r}; write it like 106-09-02 (ROC) or 2017-09-02 (AD).",
        RULE_ROC,
    )


def parse_date(text: str) -> date:
    """Accept an AD date (2017-09-02) or an ROC date (106-09-02, 106/9/2, 民國106年9月2日)."""
    match = _AD.match(text)
    if match:
        year = int(match.group(1))
    else:
        match = _ROC.match(text)
        if not match:
            raise _refuse(text)
        year = roc_to_ad_year(int(match.group(1)))
    try:
        return date(year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise _refuse(text) from None


def format_roc(day: date) -> str:
    """``民國106年9月2日``."""
    return f"民國{ad_to_roc_year(day.year)}年{day.month}月{day.day}日"


def format_both(day: date) -> str:
    """``106-09-02 (2017-09-02)``: the ROC date a parent knows, and the AD date."""
    return f"{ad_to_roc_year(day.year)}-{day.month:02d}-{day.day:02d} ({day.isoformat()})"


def require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must carry a time zone (use hub.enrolment.rules.dates.TAIPEI)")
    return moment
