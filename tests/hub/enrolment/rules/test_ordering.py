"""Every ordering line of seed 003 phases 1 and 2 (五、招生順序), table-driven, plus who each phase refuses."""

from __future__ import annotations

import pytest

from hub.enrolment.rules.calendar import Age, Phase
from hub.enrolment.rules.categories import Category, Kind
from hub.enrolment.rules.ordering import PHASE1_ORDER, PHASE2_ORDER, OrderKey, order_key, order_line

NA = Category.LOW_INCOME
PR = Category.MULTIPLE_BIRTH
GEN = Category.GENERAL_RESIDENT
A5, A4, A3, A2 = Age.FIVE, Age.FOUR, Age.THREE, Age.TWO

# (phase, category, age, priority card) -> seed line number, seed text line
PHASE1 = [
    (NA, A5, False, 1, 138),
    (NA, A4, False, 2, 139),
    (NA, A3, False, 3, 141),
    (NA, A2, False, 4, 142),
    (PR, A5, False, 5, 143),
    (GEN, A5, False, 6, 144),
]
PHASE2 = [
    (NA, A5, True, 1, 150),
    (NA, A4, True, 2, 151),
    (NA, A3, True, 3, 152),
    (NA, A2, True, 4, 153),
    (NA, A5, False, 5, 154),
    (NA, A4, False, 6, 155),
    (NA, A3, False, 7, 156),
    (NA, A2, False, 8, 157),
    (PR, A5, False, 9, 158),
    (GEN, A5, False, 10, 159),
    (PR, A4, False, 11, 160),
    (GEN, A4, False, 12, 161),
    (PR, A3, False, 13, 162),
    (GEN, A3, False, 14, 163),
    (PR, A2, False, 15, 164),
    (GEN, A2, False, 16, 165),
]


@pytest.mark.parametrize(("category", "age", "card", "number", "seed_line"), PHASE1)
def test_phase1_line(category: Category, age: Age, card: bool, number: int, seed_line: int) -> None:
    line = order_line(Phase.ONE, category, age, card)
    assert line is not None and line.number == number and line.cite.line == seed_line


@pytest.mark.parametrize(("category", "age", "card", "number", "seed_line"), PHASE2)
def test_phase2_line(category: Category, age: Age, card: bool, number: int, seed_line: int) -> None:
    line = order_line(Phase.TWO, category, age, card)
    assert line is not None and line.number == number and line.cite.line == seed_line


def test_tables_cover_every_seed_line_once_in_order() -> None:
    assert [ln.number for ln in PHASE1_ORDER] == list(range(1, 7))
    assert [ln.number for ln in PHASE2_ORDER] == list(range(1, 17))
    assert [(c, a) for c, a, _, _, _ in PHASE1] == [(ln_cat(ln.kind), ln.age) for ln in PHASE1_ORDER]
    assert [(c, a, card) for c, a, card, _, _ in PHASE2] == [
        (ln_cat(ln.kind), ln.age, ln.card) for ln in PHASE2_ORDER
    ]


def ln_cat(kind: Kind) -> Category:
    return {Kind.NEEDS_ASSISTANCE: NA, Kind.PRIORITY: PR, Kind.GENERAL: GEN}[kind]


@pytest.mark.parametrize("category", [PR, GEN, Category.STAFF_CHILD])
@pytest.mark.parametrize("age", [A4, A3, A2])
def test_phase1_refuses_younger_non_needs_assistance(category: Category, age: Age) -> None:
    assert order_line(Phase.ONE, category, age, False) is None


@pytest.mark.parametrize(
    "category",
    [c for c in Category if c.kind is Kind.NEEDS_ASSISTANCE and c is not Category.DISABILITY_PLACEMENT],
)
def test_every_needs_assistance_kind_shares_its_age_line(category: Category) -> None:
    assert order_key(Phase.ONE, category, A3, False) == OrderKey(3, 0)
    assert order_key(Phase.TWO, category, A3, True) == OrderKey(3, 0)
    assert order_key(Phase.TWO, category, A3, False) == OrderKey(7, 0)


def test_priority_ranks_order_inside_their_line() -> None:
    """GIVEN the 5 priority ranks (順位) WHEN keyed in phase 2 THEN rank 1 comes first, all before 5-year general."""
    ranked = [
        Category.SOCIAL_REFERRAL,
        Category.PARENT_DISABLED_MILD,
        Category.STAFF_CHILD,
        PR,
        Category.THREE_SIBLINGS,
    ]
    keys = [order_key(Phase.TWO, c, A5, False) for c in ranked]
    assert keys == [OrderKey(9, r) for r in range(1, 6)]
    general = order_key(Phase.TWO, GEN, A5, False)
    assert general is not None and all(k is not None and k < general for k in keys)


def test_whole_phase2_order_sorts_as_the_seed_lists_it() -> None:
    keys = [order_key(Phase.TWO, c, a, card) for c, a, card, _, _ in PHASE2]
    assert keys == sorted(k for k in keys if k is not None)


def test_phase3_reuses_phase2_order() -> None:
    for category, age, card, number, _ in PHASE2:
        line = order_line(Phase.THREE, category, age, card)
        assert line is not None and line.number == number
