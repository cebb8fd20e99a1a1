"""Registration checks: each refusal is typed, bilingual, cites its rule; accepted children get their group."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from hub.enrolment.rules.calendar import Age, Channel, Phase, taichung_112
from hub.enrolment.rules.categories import Category
from hub.enrolment.rules.dates import TAIPEI
from hub.enrolment.rules.eligibility import Applicant, check_registration
from hub.enrolment.rules.errors import (
    EnrolmentRefusal,
    NoRegistrationNeeded,
    NotEligible,
    OnSiteOnly,
    OutsideAgeBrackets,
    PhaseNotOpen,
    RegistrationClosed,
    ResidenceRequired,
)
from hub.enrolment.rules.ordering import OrderKey
from hub.enrolment.rules.quotas import Pool

YEAR = taichung_112()
ONLINE_P1 = datetime(2023, 4, 1, 12, tzinfo=TAIPEI)
ON_SITE_P1 = datetime(2023, 4, 6, 9, tzinfo=TAIPEI)
ONLINE_P2 = datetime(2023, 4, 10, 12, tzinfo=TAIPEI)
FIVE = date(2018, 1, 10)
THREE = date(2020, 3, 3)
CHILD = Applicant(birth=FIVE, category=Category.GENERAL_RESIDENT, resident_since=date(2018, 1, 20))


def check(
    applicant: Applicant,
    channel: Channel = Channel.ONLINE,
    at: datetime = ONLINE_P1,
    phase: Phase = Phase.ONE,
):
    return check_registration(YEAR, phase, "KG-TUNIU", applicant, channel, at)


def test_five_year_general_online_in_phase1_is_line_6() -> None:
    assert check(CHILD) == replace(check(CHILD), age=Age.FIVE, pool=Pool.MIXED, key=OrderKey(6, 0))


def test_two_year_needs_assistance_goes_to_the_two_year_pool() -> None:
    got = check(replace(CHILD, birth=date(2021, 5, 5), category=Category.LOW_INCOME))
    assert (got.age, got.pool, got.key) == (Age.TWO, Pool.TWO_YEAR, OrderKey(4, 0))


REFUSALS = [
    (
        "outside every bracket",
        replace(CHILD, birth=date(2017, 9, 1)),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OutsideAgeBrackets,
        "outside every age bracket",
    ),
    (
        "after the online deadline",
        CHILD,
        Channel.ONLINE,
        datetime(2023, 4, 8, 0, 0, tzinfo=TAIPEI),
        Phase.ONE,
        RegistrationClosed,
        "has closed",
    ),
    (
        "after the on-site deadline",
        CHILD,
        Channel.ON_SITE,
        datetime(2023, 4, 8, 12, 1, tzinfo=TAIPEI),
        Phase.ONE,
        RegistrationClosed,
        "has closed",
    ),
    (
        "before registration opens",
        CHILD,
        Channel.ONLINE,
        datetime(2023, 3, 26, 9, 59, tzinfo=TAIPEI),
        Phase.ONE,
        RegistrationClosed,
        "not a registration period",
    ),
    (
        "on-site outside the morning hours",
        CHILD,
        Channel.ON_SITE,
        datetime(2023, 4, 6, 14, tzinfo=TAIPEI),
        Phase.ONE,
        RegistrationClosed,
        "not a registration period",
    ),
    (
        "staff child online",
        replace(CHILD, category=Category.STAFF_CHILD, staff_kindergarten="KG-TUNIU"),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "registers on site only",
    ),
    (
        "twins online",
        replace(CHILD, category=Category.MULTIPLE_BIRTH, multiple_birth=True),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "on site only",
    ),
    (
        "social referral online",
        replace(CHILD, category=Category.SOCIAL_REFERRAL),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "on site only",
    ),
    (
        "adoption trial online",
        replace(CHILD, category=Category.ADOPTION_TRIAL),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "on site only",
    ),
    (
        "general twin online",
        replace(CHILD, multiple_birth=True),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "Twins",
    ),
    (
        "non-resident indigenous online",
        replace(CHILD, category=Category.INDIGENOUS, resident=False),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "not resident",
    ),
    (
        "resident only since February",
        replace(CHILD, resident_since=date(2023, 2, 1)),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "112-01-31 (2023-01-31)",
    ),
    (
        "grandparents' household online",
        replace(CHILD, grandparents_household=True),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "grandparents",
    ),
    (
        "parent with disability not resident",
        replace(CHILD, category=Category.PARENT_DISABLED_MILD, parent_disabled_non_resident=True),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        OnSiteOnly,
        "not resident",
    ),
    (
        "non-resident general in phase 1",
        replace(CHILD, category=Category.NON_RESIDENT, resident=False),
        Channel.ON_SITE,
        ON_SITE_P1,
        Phase.ONE,
        ResidenceRequired,
        "phase 3",
    ),
    (
        "non-resident low-income in phase 2",
        replace(CHILD, category=Category.LOW_INCOME, resident=False),
        Channel.ON_SITE,
        datetime(2023, 4, 12, 9, tzinfo=TAIPEI),
        Phase.TWO,
        ResidenceRequired,
        "phase 3",
    ),
    (
        "foreign national in phase 2",
        replace(CHILD, national=False),
        Channel.ON_SITE,
        datetime(2023, 4, 12, 9, tzinfo=TAIPEI),
        Phase.TWO,
        ResidenceRequired,
        "phase 3",
    ),
    (
        "phase 3 not announced",
        CHILD,
        Channel.ONLINE,
        ONLINE_P2,
        Phase.THREE,
        RegistrationClosed,
        "has not been announced",
    ),
    (
        "3-year general in phase 1",
        replace(CHILD, birth=THREE),
        Channel.ONLINE,
        ONLINE_P1,
        Phase.ONE,
        PhaseNotOpen,
        "Phase 1 accepts only",
    ),
    (
        "staff child at another kindergarten",
        replace(CHILD, category=Category.STAFF_CHILD, staff_kindergarten="KG-OTHER"),
        Channel.ON_SITE,
        ON_SITE_P1,
        Phase.ONE,
        NotEligible,
        "where the parent works",
    ),
    (
        "priority card for a general child",
        replace(CHILD, has_priority_card=True),
        Channel.ONLINE,
        ONLINE_P2,
        Phase.TWO,
        NotEligible,
        "priority card",
    ),
    (
        "committee placement registering",
        replace(CHILD, category=Category.DISABILITY_PLACEMENT),
        Channel.ON_SITE,
        ON_SITE_P1,
        Phase.ONE,
        NoRegistrationNeeded,
        "do not register",
    ),
]


@pytest.mark.parametrize(
    ("applicant", "channel", "at", "phase", "error", "words"),
    [r[1:] for r in REFUSALS],
    ids=[r[0] for r in REFUSALS],
)
def test_refusals_are_typed_bilingual_and_cited(
    applicant: Applicant,
    channel: Channel,
    at: datetime,
    phase: Phase,
    error: type[EnrolmentRefusal],
    words: str,
) -> None:
    with pytest.raises(error) as caught:
        check(applicant, channel, at, phase)
    refusal = caught.value
    assert words in refusal.message_en
    assert refusal.message_zh and refusal.message_zh != refusal.message_en
    assert refusal.rule is not None and refusal.rule.file.startswith("003_")
    assert set(refusal.as_dict()) == {"code", "message_zh", "message_en", "rule"}


ACCEPTED_ON_SITE = [
    (Category.STAFF_CHILD, OrderKey(5, 3)),
    (Category.SOCIAL_REFERRAL, OrderKey(5, 1)),
    (Category.MULTIPLE_BIRTH, OrderKey(5, 4)),
    (Category.ADOPTION_TRIAL, OrderKey(6, 0)),
    (Category.INDIGENOUS, OrderKey(1, 0)),
]


@pytest.mark.parametrize(("category", "key"), ACCEPTED_ON_SITE)
def test_on_site_only_categories_are_accepted_on_site(category: Category, key: OrderKey) -> None:
    child = replace(
        CHILD, category=category, staff_kindergarten="KG-TUNIU", resident=category is not Category.INDIGENOUS
    )
    assert check(child, Channel.ON_SITE, ON_SITE_P1).key == key


def test_phase3_accepts_non_residents_in_the_general_lines() -> None:
    child = replace(CHILD, birth=THREE, category=Category.NON_RESIDENT, resident=False, national=False)
    year = replace(YEAR, phases=(*YEAR.phases, replace(YEAR.schedule(Phase.TWO), phase=Phase.THREE)))
    got = check_registration(
        year, Phase.THREE, "KG", child, Channel.ON_SITE, datetime(2023, 4, 12, 9, tzinfo=TAIPEI)
    )
    assert got.key == OrderKey(14, 0)


def test_naive_times_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="time zone"):
        check(CHILD, at=datetime(2023, 4, 1, 12))
