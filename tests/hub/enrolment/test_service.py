"""Registration service: one kindergarten per child city-wide, multiples together or apart, frozen lists, board."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from hub.enrolment.lottery.draw import draw
from hub.enrolment.rules.calendar import Channel, Phase, taichung_112
from hub.enrolment.rules.categories import Category
from hub.enrolment.rules.dates import TAIPEI
from hub.enrolment.rules.eligibility import Applicant
from hub.enrolment.rules.errors import DuplicateRegistration, NotEligible, OnSiteOnly, RegistrationClosed
from hub.enrolment.rules.quotas import Capacity, Pool, phase1_quota
from hub.enrolment.service import EnrolmentService, Kindergarten, MemoryRepository, child_ref

YEAR = taichung_112()
ONLINE = datetime(2023, 4, 1, 12, tzinfo=TAIPEI)
ON_SITE = datetime(2023, 4, 6, 9, tzinfo=TAIPEI)
KGS = [
    Kindergarten("TUNIU", "土牛國小附幼", "Tuniu Elementary School Kindergarten", Capacity(1, 2)),
    Kindergarten("SHIGANG", "石岡國小附幼", "Shigang Elementary School Kindergarten", Capacity(0, 1)),
]
FIVE = Applicant(
    birth=date(2018, 1, 10), category=Category.GENERAL_RESIDENT, resident_since=date(2018, 1, 20)
)
TWIN = replace(FIVE, category=Category.MULTIPLE_BIRTH, multiple_birth=True)


def service() -> tuple[EnrolmentService, MemoryRepository]:
    repo = MemoryRepository()
    return EnrolmentService(YEAR, KGS, repo), repo


def test_second_registration_is_refused_without_naming_the_first() -> None:
    """Whoever registers second may not be who registered first: the refusal says there is one, not where
    or under which number (issue 13)."""
    svc, repo = service()
    first = svc.register("child-a", FIVE, "TUNIU", Phase.ONE, Channel.ONLINE, ONLINE)
    with pytest.raises(DuplicateRegistration) as err:
        svc.register("child-a", FIVE, "SHIGANG", Phase.ONE, Channel.ON_SITE, ON_SITE)
    text = err.value.message_en + err.value.message_zh
    assert "already has a registration" in err.value.message_en and "已有登記" in err.value.message_zh
    assert "Tuniu" not in text and "土牛" not in text and first.number not in text
    assert repo.listing(112, "SHIGANG", Phase.ONE) == []


def test_refused_registration_changes_nothing() -> None:
    svc, repo = service()
    late = datetime(2023, 4, 8, 0, 1, tzinfo=TAIPEI)
    with pytest.raises(RegistrationClosed):
        svc.register("child-b", FIVE, "TUNIU", Phase.ONE, Channel.ONLINE, late)
    assert repo.rows == {} and repo.counter == 0
    with pytest.raises(NotEligible, match="no kindergarten"):
        svc.register("child-b", FIVE, "NOWHERE", Phase.ONE, Channel.ONLINE, ONLINE)


def test_child_ref_hides_the_national_id() -> None:
    ref = child_ref("A123456789", b"secret")
    assert "123456" not in ref and ref == child_ref(" a123456789 ", b"secret") and len(ref) == 32
    assert ref != child_ref("A123456789", b"other")


def test_twins_drawn_together_share_one_ticket() -> None:
    svc, _ = service()
    regs = svc.register_multiples(
        [("t1", TWIN), ("t2", TWIN)], "TUNIU", Phase.ONE, Channel.ON_SITE, ON_SITE, True
    )
    assert regs[0].together == regs[1].together == regs[0].number
    ann = svc.announce("TUNIU", Phase.ONE, phase1_quota(KGS[0].capacity), ["lotto"])
    (group,) = ann.groups
    assert len(group.tickets) == 1 and group.tickets[0].children == tuple(sorted(r.number for r in regs))


def test_twins_drawn_separately_have_two_tickets() -> None:
    svc, _ = service()
    svc.register_multiples([("t1", TWIN), ("t2", TWIN)], "TUNIU", Phase.ONE, Channel.ON_SITE, ON_SITE, False)
    ann = svc.announce("TUNIU", Phase.ONE, phase1_quota(KGS[0].capacity), ["lotto"])
    assert len(ann.groups[0].tickets) == 2


def test_multiples_are_all_or_nothing_and_on_site_only() -> None:
    svc, repo = service()
    with pytest.raises(OnSiteOnly):
        svc.register_multiples([("t1", TWIN), ("t2", TWIN)], "TUNIU", Phase.ONE, Channel.ONLINE, ONLINE, True)
    svc.register("t2", FIVE, "SHIGANG", Phase.ONE, Channel.ONLINE, ONLINE)
    with pytest.raises(DuplicateRegistration):
        svc.register_multiples(
            [("t1", TWIN), ("t2", TWIN)], "TUNIU", Phase.ONE, Channel.ON_SITE, ON_SITE, True
        )
    assert repo.find(112, Phase.ONE, "t1") is None
    older = replace(TWIN, birth=date(2017, 9, 2))
    with pytest.raises(NotEligible, match="share age"):
        svc.register_multiples(
            [("t3", TWIN), ("t4", replace(older, category=Category.LOW_INCOME))],
            "TUNIU",
            Phase.ONE,
            Channel.ON_SITE,
            ON_SITE,
            True,
        )


def test_live_board_counts_places_registrations_and_vacancies() -> None:
    svc, _ = service()
    for i in range(3):
        svc.register(f"c{i}", FIVE, "TUNIU", Phase.ONE, Channel.ONLINE, ONLINE)
    quota = phase1_quota(KGS[0].capacity)
    rows = {r.pool: r for r in svc.board("TUNIU", Phase.ONE, quota)}
    assert (rows[Pool.MIXED].places, rows[Pool.MIXED].registrations, rows[Pool.MIXED].vacancies) == (
        56,
        3,
        None,
    )
    result = draw(svc.announce("TUNIU", Phase.ONE, quota, ["lotto"]), [[1, 2, 3]])
    assert len(result.winners()) == 3
    rows = {r.pool: r for r in svc.board("TUNIU", Phase.ONE, quota, {Pool.MIXED: 53, Pool.TWO_YEAR: 14})}
    assert rows[Pool.MIXED].vacancies == 53 and rows[Pool.TWO_YEAR].registrations == 0
