"""Check-in and waitlist: 16:00 winners, 17:00 on-site waitlist, phase-2 quotas, priority cards, February expiry."""

from __future__ import annotations

from datetime import datetime

import pytest

from hub.enrolment.checkin import (
    Board,
    Status,
    check_in,
    close_winners,
    expire_offers,
    from_draw,
    leave,
    offer_vacancies,
    priority_cards,
)
from hub.enrolment.lottery.draw import Entry, announce, draw
from hub.enrolment.rules.calendar import Channel, Phase, taichung_112
from hub.enrolment.rules.dates import TAIPEI
from hub.enrolment.rules.errors import CheckInRefused
from hub.enrolment.rules.ordering import OrderKey
from hub.enrolment.rules.quotas import Pool, Quota

YEAR = taichung_112()
P1 = YEAR.schedule(Phase.ONE)


def at(hour: int, minute: int = 0, day: int = 8, month: int = 4, year: int = 2023) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TAIPEI)


def board(places: int = 3) -> Board:
    entries = [Entry(f"N{i}", OrderKey(2, 0), Pool.MIXED) for i in range(3)]  # 4-year needs assistance
    entries += [Entry(f"G{i}", OrderKey(6, 0), Pool.MIXED) for i in range(4)]
    entries += [
        Entry("T0", OrderKey(5, 4), Pool.MIXED, together="tw"),
        Entry("T1", OrderKey(5, 4), Pool.MIXED, together="tw"),
    ]
    ann = announce("112-K-P1", "K", 1, Quota({Pool.MIXED: places, Pool.TWO_YEAR: 0}, 0), entries, ["lotto"])
    return from_draw(draw(ann, [[8, 13, 21]]), P1, YEAR.waitlist_valid_until())


def by_status(b: Board, status: Status) -> list[str]:
    return [s.child for s in sorted(b.seats, key=lambda s: s.rank) if s.status is status]


def test_winners_check_in_online_before_16() -> None:
    b = board(5)
    winners = by_status(b, Status.ADMITTED)
    assert len(winners) == 5
    b = check_in(b, winners[0], Channel.ONLINE, at(15, 59))
    assert b.seat(winners[0]).status is Status.CHECKED_IN
    with pytest.raises(CheckInRefused, match="already checked in"):
        check_in(b, winners[0], Channel.ON_SITE, at(15, 59))
    with pytest.raises(CheckInRefused, match="deadline") as err:
        check_in(b, winners[1], Channel.ON_SITE, at(16, 1))
    assert "視同放棄" in err.value.message_zh


def test_unclaimed_places_pass_down_the_waitlist_in_order_until_17() -> None:
    b = board(3)
    winners, waiting = by_status(b, Status.ADMITTED), by_status(b, Status.WAITLISTED)
    b = check_in(b, winners[0], Channel.ONLINE, at(10))
    with pytest.raises(CheckInRefused, match="until 16:00"):
        close_winners(b, at(15, 59))
    with pytest.raises(CheckInRefused, match="waitlist"):
        check_in(b, waiting[0], Channel.ON_SITE, at(15))
    b = close_winners(b, at(16))
    assert [b.seat(w).status for w in winners[1:]] == [Status.FORFEITED, Status.FORFEITED]
    offered = by_status(b, Status.OFFERED)
    assert len(offered) == 2 and b.vacancies(Pool.MIXED) == 0
    ranks = [b.seat(c).rank for c in offered]
    assert all(
        b.seat(w).rank > max(ranks) for w in by_status(b, Status.WAITLISTED) if b.seat(w).ticket != "T-tw"
    )
    with pytest.raises(CheckInRefused, match="on site only"):
        check_in(b, offered[0], Channel.ONLINE, at(16, 30))
    b = check_in(b, offered[0], Channel.ON_SITE, at(16, 59))
    with pytest.raises(CheckInRefused, match="deadline"):
        check_in(b, offered[1], Channel.ON_SITE, at(17, 1))
    b = expire_offers(b, at(17, 1))
    assert b.seat(offered[1]).status is Status.FORFEITED
    b = offer_vacancies(b, at(17, 5), respond_by=at(12, day=10))
    assert len(by_status(b, Status.OFFERED)) == 1
    assert b.checked_in() == {Pool.MIXED: 2, Pool.TWO_YEAR: 0}


def test_phase2_quota_is_phase1_places_minus_checked_in() -> None:
    b = board(3)
    for child in by_status(b, Status.ADMITTED)[:2]:
        b = check_in(b, child, Channel.ON_SITE, at(14, 30))
    q2 = Quota(dict(b.places), b.staff_cap).next_phase(b.checked_in(), b.staff_checked_in())
    assert q2.places[Pool.MIXED] == 1


def test_priority_cards_go_to_needs_assistance_children_left_without_a_place() -> None:
    b = board(1)  # three needs-assistance children, one place
    with pytest.raises(CheckInRefused, match="17:00"):
        priority_cards(b, at(16))
    b = check_in(b, by_status(b, Status.ADMITTED)[0], Channel.ONLINE, at(15))
    b = expire_offers(close_winners(b, at(16)), at(17))
    cards = priority_cards(b, at(17))
    assert len(cards) == 2 and all(c.startswith("N") for c in cards)


def test_no_priority_card_for_a_child_who_let_an_offer_lapse() -> None:
    b = board(1)
    b = close_winners(b, at(16))  # the winner did not check in: the next needs-assistance child is offered
    offered = by_status(b, Status.OFFERED)
    b = expire_offers(b, at(17, 1))
    cards = priority_cards(b, at(17, 1))
    assert offered[0] not in cards and len(cards) == 1


def test_waitlist_expires_at_the_end_of_february() -> None:
    b = board(3)
    b = close_winners(b, at(16))
    b = expire_offers(b, at(17, 1))
    with pytest.raises(CheckInRefused, match="2024-02-29"):
        offer_vacancies(b, at(9, day=1, month=3, year=2024), respond_by=at(17, day=2, month=3, year=2024))
    assert (
        offer_vacancies(b, at(9, day=29, month=2, year=2024), at(17, day=29, month=2, year=2024)) is not None
    )


def test_a_child_leaving_frees_a_place_for_the_next_in_line() -> None:
    b = board(3)
    first = by_status(b, Status.ADMITTED)[0]
    b = close_winners(check_in(b, first, Channel.ONLINE, at(9)), at(16))
    b = expire_offers(b, at(17, 1))
    b = leave(b, first, at(9, day=1, month=10))
    assert b.vacancies(Pool.MIXED) == 3
    with pytest.raises(CheckInRefused, match="not checked in"):
        leave(b, first, at(9, day=2, month=10))


def test_joint_ticket_is_offered_only_whole() -> None:
    b = board(3)
    tw = [s for s in b.seats if s.ticket == "T-tw"]
    assert len(tw) == 2 and len({s.status for s in tw}) == 1
    b = close_winners(b, at(16))
    assert len({b.seat("T0").status, b.seat("T1").status}) == 1


def test_unknown_registration_is_refused() -> None:
    with pytest.raises(CheckInRefused, match="No draw result"):
        check_in(board(), "nobody", Channel.ONLINE, at(10))
