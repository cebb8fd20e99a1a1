"""Conception period (受胎期間): the 181st to the 302nd day before the birth, both inclusive (Civil Code 1062)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hub.counter.calc.cite import CIVIL_1062, SEED_CONCEPTION
from hub.counter.calc.dates import both
from hub.counter.calc.errors import CalcError
from hub.counter.calc.reasoning import Step

EARLIEST_DAY = 302
LATEST_DAY = 181


@dataclass(frozen=True, slots=True)
class ConceptionResult:
    birth: date
    earliest: date  # the 302nd day before the birth
    latest: date  # the 181st day before the birth
    days: int  # length of the period, both ends included (122)
    steps: tuple[Step, ...]

    def contains(self, day: date) -> bool:
        return self.earliest <= day <= self.latest


def conception_period(birth: date, today: date) -> ConceptionResult:
    """The period in which the child was conceived, counted back from the birth day."""
    if birth > today:
        raise CalcError(
            "birth",
            f"出生日 {both(birth)} 晚於今天 {both(today)}，請確認。",
            f"the birth date {birth} is after today ({today})",
        )
    latest = birth - timedelta(days=LATEST_DAY)
    earliest = birth - timedelta(days=EARLIEST_DAY)
    days = EARLIEST_DAY - LATEST_DAY + 1
    steps = (
        Step.of(
            f"出生日：{both(birth)}。自出生日回溯第 181 日起至第 302 日止為受胎期間。",
            f"Birth: {birth}. The conception period runs from the 302nd to the 181st day before it.",
            CIVIL_1062,
        ),
        Step.of(
            f"回溯第 181 日：{both(birth)} 減 181 日 = {both(latest)}（期間之末）。",
            f"181st day back: {birth} minus 181 days = {latest} (end of the period).",
            SEED_CONCEPTION,
        ),
        Step.of(
            f"回溯第 302 日：{both(birth)} 減 302 日 = {both(earliest)}（期間之始）。",
            f"302nd day back: {birth} minus 302 days = {earliest} (start of the period).",
            SEED_CONCEPTION,
        ),
        Step.of(
            f"受胎期間：{both(earliest)} 至 {both(latest)}，首尾兩日均算入，共 {days} 日。",
            f"Conception period: {earliest} to {latest}, both days included, {days} days.",
        ),
    )
    return ConceptionResult(birth, earliest, latest, days, steps)
