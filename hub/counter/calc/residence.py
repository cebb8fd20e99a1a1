"""Naturalisation residence (居留期間): days present per year from entry/exit pairs, 183 a year for 3 or 5 years."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hub.counter.calc.cite import (
    NATIONALITY_3,
    NATIONALITY_4,
    SEED_RESIDENCE_DAILY,
    SEED_RESIDENCE_SPOUSE,
    SEED_RESIDENCE_YEARS,
)
from hub.counter.calc.dates import both
from hub.counter.calc.errors import CalcError
from hub.counter.calc.periods import add_months
from hub.counter.calc.reasoning import Step

DAYS_PER_YEAR = 183


class Applicant(StrEnum):
    FOREIGN_SPOUSE = "foreign_spouse"  # 外籍配偶: 3 consecutive years
    OTHER = "other"  # 非外籍配偶: 5 consecutive years


class Basis(StrEnum):
    """How the years are cut: back from the as-of date (default) or whole calendar years before it."""

    ANNIVERSARY = "anniversary"  # 自基準日往前回溯，每 365/366 日為一年
    CALENDAR = "calendar"  # 基準日之前的完整曆年


YEARS_NEEDED = {Applicant.FOREIGN_SPOUSE: 3, Applicant.OTHER: 5}


@dataclass(frozen=True, slots=True)
class Stay:
    """In Taiwan from ``entered`` to ``left`` (both days counted); ``left`` None: still here."""

    entered: date
    left: date | None = None


@dataclass(frozen=True, slots=True)
class YearRow:
    label_zh: str
    label_en: str
    start: date
    end: date
    days: int
    short_by: int  # 0 when the year has 183 days or more


@dataclass(frozen=True, slots=True)
class ResidenceResult:
    applicant: Applicant
    basis: Basis
    as_of: date
    years_needed: int
    rows: tuple[YearRow, ...]  # oldest first
    ok: bool
    steps: tuple[Step, ...]

    @property
    def short_years(self) -> tuple[YearRow, ...]:
        return tuple(r for r in self.rows if r.short_by)


def _validate(stays: Sequence[Stay], as_of: date, today: date) -> list[tuple[date, date]]:
    if as_of > today:
        raise CalcError(
            "as_of", f"基準日 {both(as_of)} 晚於今天。", f"the as-of date {as_of} is after today ({today})"
        )
    if not stays:
        raise CalcError("stays", "請至少輸入一筆入境日期。", "enter at least one stay (an entry date)")
    for i, stay in enumerate(stays):
        if stay.entered > as_of:
            raise CalcError(
                f"stays[{i}].entry",
                f"第 {i + 1} 筆入境日 {both(stay.entered)} 晚於基準日 {both(as_of)}。",
                f"stay {i + 1}: entry {stay.entered} is after the as-of date {as_of}",
            )
        if stay.left is not None and stay.left < stay.entered:
            raise CalcError(
                f"stays[{i}].exit",
                f"第 {i + 1} 筆出境日 {both(stay.left)} 早於入境日 {both(stay.entered)}。",
                f"stay {i + 1}: exit {stay.left} is before entry {stay.entered}",
            )
        if stay.left is not None and stay.left > as_of:
            raise CalcError(
                f"stays[{i}].exit",
                f"第 {i + 1} 筆出境日 {both(stay.left)} 晚於基準日 {both(as_of)}。",
                f"stay {i + 1}: exit {stay.left} is after the as-of date {as_of}",
            )
    order = sorted(range(len(stays)), key=lambda i: stays[i].entered)
    intervals: list[tuple[date, date]] = []
    for position, i in enumerate(order):
        stay = stays[i]
        if stay.left is None and position != len(order) - 1:
            raise CalcError(
                f"stays[{i}].exit",
                f"第 {i + 1} 筆沒有出境日，但之後還有入境紀錄。",
                f"stay {i + 1} has no exit date but a later entry exists",
            )
        if position:
            j = order[position - 1]
            previous_left = stays[j].left
            if previous_left is not None and stay.entered < previous_left:
                raise CalcError(
                    f"stays[{i}].entry",
                    f"第 {i + 1} 筆入境日 {both(stay.entered)} 與第 {j + 1} 筆（出境 {both(previous_left)}）重疊。",
                    f"stay {i + 1} (entry {stay.entered}) overlaps stay {j + 1} (exit {previous_left})",
                )
        start, end = stay.entered, stay.left or as_of
        if intervals and start <= intervals[-1][1]:  # left and came back the same day: count that day once
            intervals[-1] = (intervals[-1][0], max(end, intervals[-1][1]))
        else:
            intervals.append((start, end))
    return intervals


def _days_in(intervals: Sequence[tuple[date, date]], start: date, end: date) -> int:
    total = 0
    for a, b in intervals:
        lo, hi = max(a, start), min(b, end)
        if lo <= hi:
            total += (hi - lo).days + 1
    return total


def _windows(as_of: date, years: int, basis: Basis) -> list[tuple[str, str, date, date]]:
    found: list[tuple[str, str, date, date]] = []
    for k in range(years, 0, -1):
        if basis is Basis.ANNIVERSARY:
            end = add_months(as_of, -12 * (k - 1))
            start = add_months(as_of, -12 * k) + timedelta(days=1)
            found.append((f"回溯第{k}年", f"year {k} back", start, end))
        else:
            year = as_of.year - k
            found.append(
                (f"{year}年（民國{year - 1911}年）", str(year), date(year, 1, 1), date(year, 12, 31))
            )
    return found


def residence_check(
    stays: Sequence[Stay], applicant: Applicant, as_of: date, today: date, basis: Basis = Basis.ANNIVERSARY
) -> ResidenceResult:
    """Days present in each of the last 3 or 5 years before ``as_of``; which year falls short, by how much."""
    intervals = _validate(stays, as_of, today)
    needed = YEARS_NEEDED[applicant]
    law = NATIONALITY_4 if applicant is Applicant.FOREIGN_SPOUSE else NATIONALITY_3
    who_zh = "外籍配偶" if applicant is Applicant.FOREIGN_SPOUSE else "非外籍配偶"
    steps = [
        Step.of(
            f"申請人為{who_zh}：須連續 {needed} 年，每年在國內居留 {DAYS_PER_YEAR} 日以上。",
            f"Applicant is {'a foreign spouse' if needed == 3 else 'not a foreign spouse'}: "
            f"{needed} consecutive years of {DAYS_PER_YEAR} days or more each.",
            SEED_RESIDENCE_SPOUSE if needed == 3 else SEED_RESIDENCE_YEARS,
        ),
        Step.of(f"法律依據：{law}", f"Legal basis: {law.statute} {law.article}.", law),
        Step.of(
            "依每次出入境日期逐日累計；入境日與出境日均算在國內（同日出入境只算一日）。",
            "Days are added up trip by trip; the entry day and the exit day both count as days present "
            "(leaving and returning on the same day counts once).",
            SEED_RESIDENCE_DAILY,
        ),
    ]
    for i, stay in enumerate(stays):
        end = stay.left or as_of
        steps.append(
            Step.of(
                f"第 {i + 1} 筆：入境 {both(stay.entered)}，"
                + (f"出境 {both(stay.left)}" if stay.left else f"迄基準日 {both(as_of)} 仍在國內")
                + f"，共 {(end - stay.entered).days + 1} 日。",
                f"Stay {i + 1}: entered {stay.entered}, "
                + (f"left {stay.left}" if stay.left else f"still present on {as_of}")
                + f", {(end - stay.entered).days + 1} days.",
            )
        )
    rows: list[YearRow] = []
    for label_zh, label_en, start, end in _windows(as_of, needed, basis):
        days = _days_in(intervals, start, end)
        short = max(0, DAYS_PER_YEAR - days)
        rows.append(YearRow(label_zh, label_en, start, end, days, short))
        verdict_zh = "符合" if not short else f"不足 {short} 日"
        verdict_en = "meets the bar" if not short else f"{short} days short"
        steps.append(
            Step.of(
                f"{label_zh}（{both(start)} 至 {both(end)}）：在國內 {days} 日，{verdict_zh}。",
                f"{label_en} ({start} to {end}): {days} days present, {verdict_en}.",
            )
        )
    ok = all(not r.short_by for r in rows)
    if ok:
        steps.append(
            Step.of(
                f"結論：連續 {needed} 年每年均達 {DAYS_PER_YEAR} 日，居留期間符合。",
                f"Result: each of the {needed} consecutive years has {DAYS_PER_YEAR} days or more; the residence is met.",
            )
        )
    else:
        short_zh = "、".join(f"{r.label_zh}不足 {r.short_by} 日" for r in rows if r.short_by)
        short_en = ", ".join(f"{r.label_en} is {r.short_by} days short" for r in rows if r.short_by)
        steps.append(Step.of(f"結論：居留期間不符合（{short_zh}）。", f"Result: not met ({short_en})."))
    return ResidenceResult(applicant, basis, as_of, needed, tuple(rows), ok, tuple(steps))
