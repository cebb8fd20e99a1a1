"""A school year: age brackets from the 1 September cut-off, registration windows, draw and check-in times."""

from __future__ import annotations

import calendar as _calendar
import functools
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import IntEnum, StrEnum

from hub.enrolment.rules.dates import TAIPEI, format_both, roc_to_ad_year
from hub.enrolment.rules.errors import ConfigError, OutsideAgeBrackets
from hub.enrolment.rules.seed import Cite, s003


class Age(IntEnum):
    """Age bracket (足歲) on 1 September of the school year."""

    TWO = 2
    THREE = 3
    FOUR = 4
    FIVE = 5


AGE_RULES: dict[Age, Cite] = {
    Age.TWO: s003(8, "2 足歲：民國 109 年 9 月 2 日至 110 年 9 月 1 日出生者"),
    Age.THREE: s003(10, "3 足歲：民國 108 年 9 月 2 日至 109 年 9 月 1 日出生者"),
    Age.FOUR: s003(12, "4 足歲：民國 107 年 9 月 2 日至 108 年 9 月 1 日出生者"),
    Age.FIVE: s003(14, "5 足歲：民國 106 年 9 月 2 日至 107 年 9 月 1 日出生者"),
}


class Phase(IntEnum):
    ONE = 1
    TWO = 2
    THREE = 3


class Channel(StrEnum):
    """How a registration arrives. A kiosk with the citizen card counts as online (self-service)."""

    ONLINE = "online"
    ON_SITE = "on_site"


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None or self.end <= self.start:
            raise ConfigError(f"bad window {self.start}..{self.end}: needs aware times and end after start")

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment <= self.end


@dataclass(frozen=True, slots=True)
class PhaseSchedule:
    """Registration windows, draw time and check-in deadlines of one phase (all Taipei time)."""

    phase: Phase
    online: tuple[Window, ...]
    on_site: tuple[Window, ...]
    draw_at: datetime
    #: 錄取生報到 … 下午 4 時前 / 遞補之備取生需於同日下午 5 時前完成報到
    winners_deadline: datetime
    waitlist_deadline: datetime

    def windows(self, channel: Channel) -> tuple[Window, ...]:
        return self.online if channel is Channel.ONLINE else self.on_site

    def registration_end(self) -> datetime:
        return max(w.end for w in (*self.online, *self.on_site))


RULE_CHECKIN_DEADLINES = s003(49, "錄取生報到日期及時間：112 年 4 月 8 日下午 4 時前")
RULE_WAITLIST_DEADLINE = s003(49, "遞補之備取生需於同日下午 5 時前完成報到")
RULE_WAITLIST_VALID = s003(178, "公立幼兒園各園備取生備取資格有效日至 **113 年 2 月底止**")
RULE_CLOSED = s003(176, "登記時間截止後不得受理")


@dataclass(frozen=True, slots=True)
class SchoolYear:
    """One school year (學年度), ROC-numbered; its phases are configured from the brochure."""

    roc_year: int
    phases: tuple[PhaseSchedule, ...]

    def __post_init__(self) -> None:
        if not 100 <= self.roc_year <= 200:
            raise ConfigError(f"ROC school year {self.roc_year} is implausible")
        numbers = [p.phase for p in self.phases]
        if len(set(numbers)) != len(numbers):
            raise ConfigError("each phase may be scheduled once")

    @property
    def ad_year(self) -> int:
        return roc_to_ad_year(self.roc_year)

    @property
    def cutoff(self) -> date:
        """1 September of the school year's first calendar year."""
        return date(self.ad_year, 9, 1)

    def bracket_range(self, age: Age) -> tuple[date, date]:
        """Born from 2 September (ad_year - age - 1) to 1 September (ad_year - age), both inclusive."""
        return date(self.ad_year - age - 1, 9, 2), date(self.ad_year - age, 9, 1)

    def age_of(self, birth: date) -> Age:
        """The bracket a birth date falls in, or a refusal naming the accepted ranges."""
        for age, first, last in _brackets(self.ad_year):
            if first <= birth <= last:
                return age
        first, _ = self.bracket_range(Age.FIVE)
        _, last = self.bracket_range(Age.TWO)
        raise OutsideAgeBrackets(
            f"出生日期 {format_both(birth)} 不在本學年度招收年齡內"
            f"（須於 {format_both(first)} 至 {format_both(last)} 之間出生）。",
            f"A child born {format_both(birth)} is outside every age bracket of school year "
            f"{self.roc_year}: only children born {format_both(first)} to {format_both(last)} may register.",
            AGE_RULES[Age.TWO] if birth > last else AGE_RULES[Age.FIVE],
        )

    def schedule(self, phase: Phase) -> PhaseSchedule:
        for item in self.phases:
            if item.phase is phase:
                return item
        raise ConfigError(f"phase {int(phase)} is not scheduled for school year {self.roc_year}")

    def waitlist_valid_until(self) -> datetime:
        """End of February of the following calendar year (113-02-29 for year 112: a leap year)."""
        year = self.ad_year + 1
        last = _calendar.monthrange(year, 2)[1]
        return datetime.combine(date(year, 2, last), time(23, 59, 59), TAIPEI)


@functools.lru_cache(maxsize=8)
def _brackets(ad_year: int) -> tuple[tuple[Age, date, date], ...]:
    """Every bracket's inclusive birth range for a school year starting in ``ad_year``."""
    return tuple((age, date(ad_year - age - 1, 9, 2), date(ad_year - age, 9, 1)) for age in Age)


def _at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TAIPEI)


def taichung_112() -> SchoolYear:
    """School year 112 as the Tuniu brochure schedules it (seed 003 lines 22-26, 41, 49, 57-59, 71, 73)."""
    phase1 = PhaseSchedule(
        phase=Phase.ONE,
        online=(Window(_at(2023, 3, 26, 10), _at(2023, 4, 7, 23, 59)),),
        on_site=(
            Window(_at(2023, 4, 6, 8), _at(2023, 4, 6, 11)),
            Window(_at(2023, 4, 7, 8), _at(2023, 4, 7, 11)),
            Window(_at(2023, 4, 8, 8), _at(2023, 4, 8, 12)),
        ),
        draw_at=_at(2023, 4, 8, 14),
        winners_deadline=_at(2023, 4, 8, 16),
        waitlist_deadline=_at(2023, 4, 8, 17),
    )
    phase2 = PhaseSchedule(
        phase=Phase.TWO,
        online=(Window(_at(2023, 4, 9, 10), _at(2023, 4, 14, 23, 59)),),
        on_site=(
            *(Window(_at(2023, 4, d, 8), _at(2023, 4, d, 11)) for d in (12, 13, 14)),
            Window(_at(2023, 4, 15, 8), _at(2023, 4, 15, 12)),
        ),
        draw_at=_at(2023, 4, 15, 14),
        winners_deadline=_at(2023, 4, 15, 16),
        waitlist_deadline=_at(2023, 4, 15, 17),
    )
    return SchoolYear(roc_year=112, phases=(phase1, phase2))


SCHEDULE_RULES: tuple[Cite, ...] = (
    s003(22, "登記時段①112 年 4 月 6、7 日(星期四-星期五)上午 8 時~11 時止"),
    s003(25, "**線上登記**：112 年 3 月 26 日(星期日)上午 10 時至 112 年 4 月 7 日(星期五)"),
    s003(41, "抽籤時間：**112 年 4 月 8 日(星期六)下午 2 時**"),
    s003(57, "現場登記：登記時段①112 年 4 月 12、13、14 日（三天）上午 8 時~11 時止"),
    s003(59, "線上登記：112 年 4 月 9 日(星期日)上午 10 時至 112 年 4 月 14 日(星期五)下午 11 時 59 分止"),
    s003(71, "抽籤時間：112 年 4 月 15 日(星期六)下午 2 時"),
    s003(73, "錄取生報到日期及時間：112 年 4 月 15 日下午 4 時前"),
)
