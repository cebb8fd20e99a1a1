"""Class sizes and places: 2-year class ≤ 16, mixed 3–5 class ≤ 30, net of promoted and special-education children."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hub.enrolment.rules.calendar import Age
from hub.enrolment.rules.errors import ConfigError
from hub.enrolment.rules.seed import s003

TWO_YEAR_CLASS_SIZE = 16
MIXED_CLASS_SIZE = 30
SPECIAL_ED_PER_CLASS = 2
STAFF_CAP_PERCENT = 15

RULE_TWO_YEAR_SIZE = s003(187, "招收 2 足歲以上之幼兒，每班招收幼生 16 名為限")
RULE_MIXED_SIZE = s003(191, "每班招收幼生 30 名為限")
RULE_NET = s003(39, "實際招生名額以扣除直升之幼兒人數")
RULE_SPECIAL_ED = s003(39, "普通班每班以安置 2 名特殊教育幼兒為原則")
RULE_PHASE2_QUOTA = s003(70, "以第 1 階段公告之招收名額扣除第 1 階段完成報到錄取幼生人數為準")
RULE_STAFF_CAP = s003(98, "名額以當年度可招收幼生名額15%為限")


class Pool(StrEnum):
    """Places are counted per class type: the 2-year class (2歲專班) and the mixed 3–5 classes (混齡班)."""

    TWO_YEAR = "two_year"
    MIXED = "mixed"


def pool_of(age: Age) -> Pool:
    return Pool.TWO_YEAR if age is Age.TWO else Pool.MIXED


@dataclass(frozen=True, slots=True)
class Capacity:
    """A kindergarten's classes this year and the seats already taken before any registration."""

    two_year_classes: int = 0
    mixed_classes: int = 0
    promoted_two_year: int = 0
    promoted_mixed: int = 0
    #: None = the default of 2 per class; the committee may set another number (seed 003 line 39)
    special_ed_two_year: int | None = None
    special_ed_mixed: int | None = None

    def __post_init__(self) -> None:
        for name in ("two_year_classes", "mixed_classes", "promoted_two_year", "promoted_mixed"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} cannot be negative")
        for pool in Pool:
            if self.seats(pool) < self.promoted(pool) + self.special_ed(pool):
                raise ConfigError(
                    f"{pool.value}: {self.promoted(pool)} promoted + {self.special_ed(pool)} special-education "
                    f"children exceed the {self.seats(pool)} seats"
                )

    def seats(self, pool: Pool) -> int:
        if pool is Pool.TWO_YEAR:
            return self.two_year_classes * TWO_YEAR_CLASS_SIZE
        return self.mixed_classes * MIXED_CLASS_SIZE

    def promoted(self, pool: Pool) -> int:
        return self.promoted_two_year if pool is Pool.TWO_YEAR else self.promoted_mixed

    def special_ed(self, pool: Pool) -> int:
        given = self.special_ed_two_year if pool is Pool.TWO_YEAR else self.special_ed_mixed
        classes = self.two_year_classes if pool is Pool.TWO_YEAR else self.mixed_classes
        if given is None:
            return classes * SPECIAL_ED_PER_CLASS
        if given < 0:
            raise ConfigError("special-education placements cannot be negative")
        return given

    def phase1_quota(self, pool: Pool) -> int:
        """Places announced for phase 1: seats − promoted − special-education placements."""
        return self.seats(pool) - self.promoted(pool) - self.special_ed(pool)

    def total_quota(self) -> int:
        return sum(self.phase1_quota(pool) for pool in Pool)

    def staff_cap(self) -> int:
        """15% of the year's places (rounded down) may go to staff children."""
        return self.total_quota() * STAFF_CAP_PERCENT // 100


@dataclass(frozen=True, slots=True)
class Quota:
    """Places of one phase at one kindergarten."""

    places: dict[Pool, int]
    staff_cap: int

    def __post_init__(self) -> None:
        if any(v < 0 for v in self.places.values()) or self.staff_cap < 0:
            raise ConfigError("quotas cannot be negative")

    def next_phase(self, checked_in: dict[Pool, int], staff_checked_in: int) -> Quota:
        """Phase n+1 places = phase n places − children who completed check-in in phase n."""
        places = {pool: self.places.get(pool, 0) - checked_in.get(pool, 0) for pool in Pool}
        if any(v < 0 for v in places.values()):
            raise ConfigError("more children checked in than there were places")
        return Quota(places, max(0, self.staff_cap - staff_checked_in))


def phase1_quota(capacity: Capacity) -> Quota:
    return Quota({pool: capacity.phase1_quota(pool) for pool in Pool}, capacity.staff_cap())
