"""Check-in and waitlist after a draw, as a pure state machine: each step returns a new Board or refuses.

Winners (正取) check in online or on site until 16:00 on draw day; then unclaimed places pass down the
waitlist in order and offered children (備取遞補) check in on site only until 17:00; later vacancies
(a place declined, a child leaving) are offered in waitlist order until the end of February.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from hub.enrolment.lottery.draw import DrawResult
from hub.enrolment.rules.calendar import (
    RULE_CHECKIN_DEADLINES,
    RULE_WAITLIST_DEADLINE,
    RULE_WAITLIST_VALID,
    Channel,
    PhaseSchedule,
)
from hub.enrolment.rules.categories import Kind
from hub.enrolment.rules.dates import require_aware
from hub.enrolment.rules.errors import CheckInRefused
from hub.enrolment.rules.ordering import ORDERS, RULE_PRIORITY_CARD
from hub.enrolment.rules.quotas import Pool
from hub.enrolment.rules.seed import s003

RULE_WAITLIST_ON_SITE = s003(50, "備取生僅限現場報到")
RULE_FORFEIT = s003(182, "各階段錄取之幼兒如**未依規定時間報到**，視同放棄錄取資格")
RULE_FILL_IN_ORDER = s003(178, "新生報到未滿額或中途有幼兒離園時，依備取名冊先後次序補足名額")


class Status(StrEnum):
    ADMITTED = "admitted"  # 正取, waiting for check-in
    OFFERED = "offered"  # 備取, a place was offered
    WAITLISTED = "waitlisted"  # 備取, waiting
    CHECKED_IN = "checked_in"
    FORFEITED = "forfeited"  # 視同放棄
    LEFT = "left"  # checked in, later left the kindergarten


HOLDS_PLACE = (Status.ADMITTED, Status.OFFERED, Status.CHECKED_IN)


@dataclass(frozen=True, slots=True)
class Seat:
    child: str
    ticket: str
    rank: int
    pool: Pool
    staff: bool
    needs_assistance: bool
    status: Status
    respond_by: datetime | None = None


@dataclass(frozen=True, slots=True)
class Board:
    kindergarten: str
    phase: int
    schedule: PhaseSchedule
    valid_until: datetime
    places: tuple[tuple[Pool, int], ...]
    staff_cap: int
    seats: tuple[Seat, ...]
    winners_closed: bool = False

    def seat(self, child: str) -> Seat:
        for seat in self.seats:
            if seat.child == child:
                return seat
        raise CheckInRefused(
            f"查無登記編號 {child} 的抽籤結果。",
            f"No draw result for registration {child} at this kindergarten and phase.",
        )

    def vacancies(self, pool: Pool) -> int:
        taken = sum(1 for s in self.seats if s.pool is pool and s.status in HOLDS_PLACE)
        return dict(self.places).get(pool, 0) - taken

    def checked_in(self) -> dict[Pool, int]:
        return {
            pool: sum(1 for s in self.seats if s.pool is pool and s.status is Status.CHECKED_IN)
            for pool in Pool
        }

    def staff_checked_in(self) -> int:
        return sum(1 for s in self.seats if s.staff and s.status is Status.CHECKED_IN)


def from_draw(result: DrawResult, schedule: PhaseSchedule, valid_until: datetime) -> Board:
    """The board right after the draw: winners admitted, everyone else waitlisted in ranking order."""
    ann = result.announcement
    lines = {g.key.label(): g.key.line for g in ann.groups}
    order = {line.number: line for line in ORDERS[schedule.phase]}
    seats = tuple(
        Seat(
            child=child,
            ticket=p.ticket.ticket,
            rank=p.position,
            pool=p.pool,
            staff=p.ticket.staff,
            needs_assistance=order[lines[p.group]].kind is Kind.NEEDS_ASSISTANCE,
            status=Status.ADMITTED if p.admitted else Status.WAITLISTED,
            respond_by=schedule.winners_deadline if p.admitted else None,
        )
        for p in result.ranking
        for child in p.ticket.children
    )
    return Board(ann.kindergarten, ann.phase, schedule, valid_until, ann.places, ann.staff_cap, seats)


def _update(board: Board, pick: Callable[[Seat], bool], **changes: object) -> Board:
    return replace(board, seats=tuple(replace(s, **changes) if pick(s) else s for s in board.seats))  # type: ignore[arg-type]


def check_in(board: Board, child: str, channel: Channel, at: datetime) -> Board:
    """A winner (any channel) or an offered waitlisted child (on site only) checks in before the deadline."""
    require_aware(at)
    seat = board.seat(child)
    if seat.status is Status.CHECKED_IN:
        raise CheckInRefused("此幼兒已完成報到。", f"Registration {child} has already checked in.")
    if seat.status is Status.WAITLISTED:
        raise CheckInRefused(
            "備取生須待幼兒園依備取順序通知遞補後，才能到現場報到。",
            f"Registration {child} is on the waitlist (rank {seat.rank}); wait until the kindergarten offers "
            "you a place in waitlist order, then check in on site.",
            RULE_FILL_IN_ORDER,
        )
    if seat.status not in (Status.ADMITTED, Status.OFFERED):
        raise CheckInRefused(
            "逾期未報到，已視同放棄錄取資格。",
            f"Registration {child} no longer holds a place: it was not checked in in time and counts as declined.",
            RULE_FORFEIT,
        )
    if seat.status is Status.OFFERED and channel is not Channel.ON_SITE:
        raise CheckInRefused(
            "備取生僅限現場報到，請攜帶登記確認單到幼兒園報到。",
            "Children offered a place from the waitlist check in on site only: bring the registration "
            "confirmation to the kindergarten.",
            RULE_WAITLIST_ON_SITE,
        )
    assert seat.respond_by is not None
    if at > seat.respond_by:
        raise CheckInRefused(
            f"報到期限 {seat.respond_by:%m-%d %H:%M} 已過，視同放棄。",
            f"The check-in deadline {seat.respond_by:%Y-%m-%d %H:%M} has passed; the place counts as declined.",
            RULE_CHECKIN_DEADLINES if seat.status is Status.ADMITTED else RULE_WAITLIST_DEADLINE,
        )
    return _update(board, lambda s: s.child == child, status=Status.CHECKED_IN)


def offer_vacancies(board: Board, at: datetime, respond_by: datetime) -> Board:
    """Offer every free place down the waitlist in rank order (joint tickets whole, staff under the cap)."""
    require_aware(at)
    if at > board.valid_until:
        raise CheckInRefused(
            "備取資格已於 2 月底失效，不再遞補。",
            f"The waitlist expired on {board.valid_until:%Y-%m-%d}; no more places are offered from it.",
            RULE_WAITLIST_VALID,
        )
    free = {pool: board.vacancies(pool) for pool in Pool}
    staff_left = board.staff_cap - sum(1 for s in board.seats if s.staff and s.status in HOLDS_PLACE)
    offered: set[str] = set()
    waiting = [s for s in board.seats if s.status is Status.WAITLISTED]
    for ticket in dict.fromkeys(s.ticket for s in sorted(waiting, key=lambda s: s.rank)):
        members = [s for s in waiting if s.ticket == ticket]
        pool, staff, size = members[0].pool, members[0].staff, len(members)
        if size <= free[pool] and (not staff or size <= staff_left):
            free[pool] -= size
            staff_left -= size if staff else 0
            offered.add(ticket)
    return _update(
        board,
        lambda s: s.ticket in offered and s.status is Status.WAITLISTED,
        status=Status.OFFERED,
        respond_by=respond_by,
    )


def close_winners(board: Board, at: datetime) -> Board:
    """At 16:00: unclaimed winners forfeit; their places are offered down the waitlist until 17:00."""
    require_aware(at)
    if at < board.schedule.winners_deadline:
        raise CheckInRefused(
            "錄取生報到時間尚未截止。",
            f"Winners may check in until {board.schedule.winners_deadline:%H:%M}; close after that.",
            RULE_CHECKIN_DEADLINES,
        )
    if board.winners_closed:
        return board
    closed = _update(board, lambda s: s.status is Status.ADMITTED, status=Status.FORFEITED)
    return offer_vacancies(replace(closed, winners_closed=True), at, board.schedule.waitlist_deadline)


def expire_offers(board: Board, at: datetime) -> Board:
    """Offers not taken up by their deadline (17:00 on draw day) forfeit; call offer_vacancies next."""
    require_aware(at)
    late = lambda s: s.status is Status.OFFERED and s.respond_by is not None and at > s.respond_by  # noqa: E731
    return _update(board, late, status=Status.FORFEITED)


def leave(board: Board, child: str, at: datetime) -> Board:
    """A checked-in child leaves; the place is free for the next waitlisted child (offer_vacancies)."""
    require_aware(at)
    if board.seat(child).status is not Status.CHECKED_IN:
        raise CheckInRefused("此幼兒未在園。", f"Registration {child} is not checked in, so cannot leave.")
    return _update(board, lambda s: s.child == child, status=Status.LEFT)


def priority_cards(board: Board, at: datetime) -> list[str]:
    """Phase 1, after 17:00: needs-assistance children who drew no place get a priority card for phase 2."""
    require_aware(at)
    if board.phase != 1 or at < board.schedule.waitlist_deadline:
        raise CheckInRefused(
            "優先入園卡於第 1 階段報到及遞補截止後核發。",
            "Priority cards are issued only for phase 1, after the 17:00 waitlist deadline.",
            RULE_PRIORITY_CARD,
        )
    return [s.child for s in board.seats if s.needs_assistance and s.status is Status.WAITLISTED]
