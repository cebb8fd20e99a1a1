"""Class sizes, places net of promoted and special-education children, staff cap, phase-2 quotas."""

from __future__ import annotations

import pytest

from hub.enrolment.rules.errors import ConfigError
from hub.enrolment.rules.quotas import Capacity, Pool, Quota, phase1_quota


def test_tuniu_brochure_classes() -> None:
    """GIVEN one 2-year class (16) and two mixed classes (2×30) WHEN nothing else is known
    THEN places are net of 2 special-education placements per class."""
    cap = Capacity(two_year_classes=1, mixed_classes=2)
    assert (cap.seats(Pool.TWO_YEAR), cap.seats(Pool.MIXED)) == (16, 60)
    assert (cap.phase1_quota(Pool.TWO_YEAR), cap.phase1_quota(Pool.MIXED)) == (14, 56)
    assert cap.staff_cap() == 10  # 15% of 70, rounded down


def test_promoted_children_and_committee_numbers_reduce_places() -> None:
    cap = Capacity(1, 2, promoted_two_year=0, promoted_mixed=25, special_ed_two_year=0, special_ed_mixed=3)
    assert phase1_quota(cap).places == {Pool.TWO_YEAR: 16, Pool.MIXED: 32}
    assert phase1_quota(cap).staff_cap == 7  # 15% of 48 = 7.2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"mixed_classes": -1},
        {"mixed_classes": 1, "promoted_mixed": 29},  # 29 + 2 special-ed > 30 seats
        {"two_year_classes": 1, "special_ed_two_year": 17},
    ],
)
def test_impossible_capacities_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ConfigError):
        Capacity(**kwargs)


def test_phase2_quota_is_phase1_minus_checked_in() -> None:
    q1 = Quota({Pool.TWO_YEAR: 14, Pool.MIXED: 56}, staff_cap=10)
    q2 = q1.next_phase({Pool.TWO_YEAR: 4, Pool.MIXED: 50}, staff_checked_in=3)
    assert q2.places == {Pool.TWO_YEAR: 10, Pool.MIXED: 6} and q2.staff_cap == 7
    with pytest.raises(ConfigError):
        q1.next_phase({Pool.MIXED: 57}, 0)
