"""Rating statistics (pure): counts per button and satisfaction share per counter, office or service and
per day, week or month (Asia/Taipei), official ratings only; unsolicited ones are counted apart. CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from wire.payloads.ratings import RatingButton

TAIPEI = ZoneInfo("Asia/Taipei")
BUTTONS: tuple[RatingButton, ...] = tuple(RatingButton)


class Dimension(StrEnum):
    COUNTER = "counter"
    OFFICE = "office"
    SERVICE = "service"


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One stored rating as the statistics see it (never a staff name)."""

    site: str
    counter: str
    service: str | None
    button: RatingButton
    pressed_at: int
    official: bool


@dataclass(frozen=True, slots=True)
class Bucket:
    key: str  # the counter ("site/counter"), the office (site) or the service code
    period: str  # 2026-11-21, 2026-W47 or 2026-11
    counts: dict[RatingButton, int] = field(default_factory=dict)
    unsolicited: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return self.counts.get(RatingButton.VERY_SATISFIED, 0) + self.counts.get(RatingButton.SATISFIED, 0)

    @property
    def satisfaction(self) -> float | None:
        """Share of official ratings that are satisfied or very satisfied; None without any."""
        return self.satisfied / self.total if self.total else None


def period_of(ms: int, period: Period) -> str:
    day = datetime.fromtimestamp(ms / 1000, TAIPEI).date()
    if period is Period.DAY:
        return day.isoformat()
    if period is Period.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def key_of(row: RatingRow, dimension: Dimension) -> str:
    if dimension is Dimension.COUNTER:
        return f"{row.site}/{row.counter}"
    if dimension is Dimension.OFFICE:
        return row.site
    return row.service or "(none)"


def tally(rows: Iterable[RatingRow], dimension: Dimension, period: Period) -> list[Bucket]:
    """Buckets sorted by period then key; a bucket with only unsolicited presses still appears."""
    counts: dict[tuple[str, str], dict[RatingButton, int]] = {}
    unsolicited: dict[tuple[str, str], int] = {}
    for row in rows:
        slot = (period_of(row.pressed_at, period), key_of(row, dimension))
        bucket = counts.setdefault(slot, {})
        if row.official:
            bucket[row.button] = bucket.get(row.button, 0) + 1
        else:
            unsolicited[slot] = unsolicited.get(slot, 0) + 1
    return [
        Bucket(
            key=key, period=per, counts=dict(counts[(per, key)]), unsolicited=unsolicited.get((per, key), 0)
        )
        for per, key in sorted(counts)
    ]


def overall(rows: Iterable[RatingRow]) -> Bucket:
    """Every official rating in ``rows`` as one bucket."""
    counts: dict[RatingButton, int] = {}
    unsolicited = 0
    for row in rows:
        if row.official:
            counts[row.button] = counts.get(row.button, 0) + 1
        else:
            unsolicited += 1
    return Bucket(key="all", period="all", counts=counts, unsolicited=unsolicited)


def day_range(first: date, last: date) -> tuple[int, int]:
    """[start, end) in epoch ms covering whole Taipei days ``first``..``last``; ValueError if reversed."""
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    start = datetime(first.year, first.month, first.day, tzinfo=TAIPEI)
    end = datetime(last.year, last.month, last.day, tzinfo=TAIPEI) + timedelta(days=1)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


CSV_HEADER = ("period", "dimension", "key", *[b.value for b in BUTTONS], "official_total",
              "satisfaction_pct", "unsolicited_excluded")  # fmt: skip


def to_csv(buckets: Sequence[Bucket], dimension: Dimension) -> str:
    """UTF-8 CSV (with BOM so spreadsheet programs read the Chinese right), one row per bucket."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for b in buckets:
        pct = "" if b.satisfaction is None else f"{b.satisfaction * 100:.1f}"
        writer.writerow([b.period, dimension.value, _safe(b.key), *[b.counts.get(x, 0) for x in BUTTONS],
                         b.total, pct, b.unsolicited])  # fmt: skip
    return out.getvalue()


def _safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
