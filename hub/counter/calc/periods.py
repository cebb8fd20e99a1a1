"""Legal deadlines the way the Civil Code counts them (arts. 120–123), the last day moved off a holiday."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hub.cases.calendar import CalendarError, WorkCalendar
from hub.counter.calc.cite import (
    CIVIL_120,
    CIVIL_121,
    CIVIL_122,
    CIVIL_123,
    SEED_DEADLINE_HOLIDAY_2,
    SEED_MONTH_VS_DAYS,
)
from hub.counter.calc.dates import both, weekday_zh
from hub.counter.calc.errors import CalcError
from hub.counter.calc.reasoning import Step

MAX_DAYS = 3650
MAX_MONTHS = 120


class PeriodUnit(StrEnum):
    DAYS = "days"  # N 日
    MONTHS = "months"  # N 個月


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where that day does not exist (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_end(event: date, amount: int, unit: PeriodUnit) -> date:
    """The last day of a period of ``amount`` days or months from ``event`` (arts. 120, 121, 123; no holidays).

    Art. 120: the event day is not counted, so the period starts the next day. Days: the N-th day after.
    Months: the day before the day in the last month that corresponds to the starting day; when the last
    month has no such day, that month's last day (art. 121); months by the calendar (art. 123).
    """
    if unit is PeriodUnit.DAYS:
        return event + timedelta(days=amount)
    start = event + timedelta(days=1)
    index = start.year * 12 + start.month - 1 + amount
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    if start.day > last:  # no corresponding day in the last month
        return date(year, month + 1, last)
    return date(year, month + 1, start.day) - timedelta(days=1)


def lacks_corresponding_day(event: date, amount: int) -> bool:
    """True when the last month of an ``amount``-month period has no day matching its starting day."""
    start = event + timedelta(days=1)
    index = start.year * 12 + start.month - 1 + amount
    year, month = divmod(index, 12)
    return start.day > _calendar.monthrange(year, month + 1)[1]


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    event: date
    amount: int
    unit: PeriodUnit
    first_day: date
    period_end: date
    last_day: date
    #: days passed over because the offices were closed, with what each day was
    skipped: tuple[tuple[date, str], ...]
    steps: tuple[Step, ...]


def _check_amount(amount: int, unit: PeriodUnit) -> None:
    limit = MAX_DAYS if unit is PeriodUnit.DAYS else MAX_MONTHS
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= limit:
        raise CalcError(
            "amount",
            f"期間長度須為 1 至 {limit} 的整數。",
            f"the period must be a whole number from 1 to {limit} {unit.value}",
        )


def deadline(event: date, amount: int, unit: PeriodUnit, work: WorkCalendar) -> DeadlineResult:
    """The last day to act, ``amount`` days or months after ``event``, moved to the next working day."""
    _check_amount(amount, unit)
    first = event + timedelta(days=1)
    end = period_end(event, amount, unit)
    unit_zh = "日" if unit is PeriodUnit.DAYS else "個月"
    steps = [
        Step.of(
            f"事件日 {both(event)} 不算入，期間自次日 {both(first)} 起算。",
            f"The event day {event} is not counted; the period starts on {first}.",
            CIVIL_120,
        )
    ]
    if unit is PeriodUnit.DAYS:
        steps.append(
            Step.of(
                f"以日定期間：{amount} 日，末日為 {both(end)}。",
                f"A period of {amount} days ends on the {amount}th day: {end}.",
                CIVIL_121,
            )
        )
    else:
        clamped = lacks_corresponding_day(event, amount)
        steps.append(
            Step.of(
                f"以月定期間，依曆計算：{amount} 個月，末日為 {both(end)}"
                + ("（最後之月無相當日，以其月之末日為末日）。" if clamped else "。"),
                f"A period of {amount} month(s) is counted by the calendar and ends on {end}"
                + (" (the last month has no corresponding day, so its last day)." if clamped else "."),
                CIVIL_121,
            )
        )
        thirty = event + timedelta(days=30 * amount)
        steps.append(
            Step.of(
                f"注意：{amount} 個月不等於 {30 * amount} 日（{30 * amount} 日的末日為 {both(thirty)}）。",
                f"Note: {amount} month(s) is not {30 * amount} days ({30 * amount} days would end on {thirty}).",
                SEED_MONTH_VS_DAYS,
            )
        )
    try:
        last = work.roll_forward(end)
        skipped = []
        day = end
        while day < last:
            skipped.append((day, work.name_of(day)))
            day += timedelta(days=1)
    except CalendarError as exc:
        raise CalcError("calendar", f"缺少該年度的辦公日曆：{exc}", str(exc)) from None
    if skipped:
        names = "、".join(f"{d.month}/{d.day} {n.split(' ')[0]}" for d, n in skipped)
        steps.append(
            Step.of(
                f"末日 {both(end)} 為休息日（{names}），以休息日之次日 {both(last)}（{weekday_zh(last)}）代之。",
                f"The last day {end} is a day off ({', '.join(n for _, n in skipped)}); "
                f"the next working day {last} takes its place.",
                CIVIL_122,
            )
        )
        steps.append(
            Step.of("末日遇假日順延。", "A last day on a holiday moves on.", SEED_DEADLINE_HOLIDAY_2)
        )
    else:
        steps.append(
            Step.of(
                f"末日 {both(end)}（{weekday_zh(end)}）為上班日，不須順延。",
                f"The last day {end} is a working day; nothing moves.",
                CIVIL_122,
            )
        )
    steps.append(
        Step.of(
            f"結論：{amount}{unit_zh}之期間，最後一日為 {both(last)}。",
            f"Result: the last day of the {amount} {unit.value} period is {last}.",
            CIVIL_123 if unit is PeriodUnit.MONTHS else None,
        )
    )
    return DeadlineResult(event, amount, unit, first, end, last, tuple(skipped), tuple(steps))
