"""Enrolment HTTP API under /api/v1/enrolment: register, announce, draw, check in, results, live board."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi import Path as FastApiPath
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.api.deps import SessionDep, SettingsDep
from hub.enrolment import checkin as ci
from hub.enrolment.guards import check_not_placed, check_priority_card
from hub.enrolment.identity import online_registrant, require_card_for
from hub.enrolment.live import board_changed
from hub.enrolment.lottery.draw import Announcement
from hub.enrolment.lottery.draw import draw as run_draw
from hub.enrolment.lottery.rfc3797 import SelectionError
from hub.enrolment.models import EnrolDraw, EnrolKindergarten, EnrolRegistration
from hub.enrolment.mqtt.board import CURRENT_YEAR
from hub.enrolment.queries import board_for, board_rows, draw_row, result_of
from hub.enrolment.rules.calendar import Channel, Phase, SchoolYear
from hub.enrolment.rules.dates import TAIPEI, format_both, parse_date
from hub.enrolment.rules.eligibility import Applicant
from hub.enrolment.rules.errors import (
    CheckInRefused,
    ConfigError,
    DuplicateRegistration,
    EnrolmentRefusal,
)
from hub.enrolment.rules.quotas import Pool, Quota, phase1_quota
from hub.enrolment.schemas import (
    AnnounceIn,
    BoardRowOut,
    CheckInIn,
    ChildIn,
    DrawIn,
    KindergartenIn,
    MultiplesIn,
    Refusal,
    RegistrationIn,
    RegistrationOut,
    ResultOut,
)
from hub.enrolment.service import EnrolmentService, Registration, child_ref
from hub.enrolment.store import (
    SqlRepository,
    board_json,
    kindergarten_of,
    load_kindergartens,
    quota_json,
    quota_of,
    to_ms,
)
from hub.staff.accounts import Role, StaffPrincipal, audit
from hub.staff.deps import current_staff, require_role

router = APIRouter(prefix="/api/v1/enrolment", tags=["enrolment"])
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]
PhaseNo = Annotated[int, FastApiPath(ge=1, le=3, description="registration phase 1-3")]
PhaseQuery = Annotated[int, Query(ge=1, le=3, description="registration phase 1-3")]
_ERRORS: dict[int | str, dict[str, Any]] = {409: {"model": Refusal}, 422: {"model": Refusal}}


def year_of(request: Request) -> SchoolYear:
    year: SchoolYear = getattr(request.app.state, "enrolment_year", None) or CURRENT_YEAR[0]
    return year


def now_of(request: Request) -> datetime:
    clock: Callable[[], datetime] | None = getattr(request.app.state, "enrolment_clock", None)
    return clock() if clock else datetime.now(TAIPEI)


YearDep = Annotated[SchoolYear, Depends(year_of)]
NowDep = Annotated[datetime, Depends(now_of)]


def refused(exc: EnrolmentRefusal) -> HTTPException:
    code = status.HTTP_409_CONFLICT if isinstance(exc, DuplicateRegistration | CheckInRefused) else 422
    return HTTPException(code, exc.as_dict())


def _applicant(child: ChildIn) -> Applicant:
    return Applicant(
        birth=parse_date(child.birth),
        category=child.category,
        resident=child.resident,
        resident_since=parse_date(child.resident_since) if child.resident_since else None,
        national=child.national,
        parent_disabled_non_resident=child.parent_disabled_non_resident,
        grandparents_household=child.grandparents_household,
        has_priority_card=child.has_priority_card,
        staff_kindergarten=child.staff_kindergarten,
        multiple_birth=child.multiple_birth,
    )


def _out(reg: Registration, birth: str, age: int) -> RegistrationOut:
    return RegistrationOut(
        number=reg.number,
        kindergarten=reg.kindergarten,
        phase=int(reg.phase),
        age=age,
        pool=reg.pool.value,
        group=reg.key.label(),
        birth=birth,
        channel=reg.channel.value,
        drawn_together_with=reg.together,
    )


def _needs_counter(request: Request, channel: Channel) -> str:
    if channel is Channel.ON_SITE:
        staff = current_staff(request)
        if staff is None or staff.role not in (Role.COUNTER, Role.SUPERVISOR):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, "on-site registration and check-in are done by staff"
            )
        return staff.name
    return "citizen"


@router.get("/kindergartens")
def kindergartens(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {
            "code": k.code,
            "name_zh": k.name_zh,
            "name_en": k.name_en,
            "quota": quota_json(phase1_quota(k.capacity)),
        }
        for k in load_kindergartens(session)
    ]


@router.put("/kindergartens/{code}", status_code=204)
def put_kindergarten(code: str, body: KindergartenIn, session: SessionDep, staff: Supervisor) -> None:
    with session.begin():
        row = session.get(EnrolKindergarten, code) or EnrolKindergarten(code=code)
        for name, value in body.model_dump().items():
            setattr(row, name, value)
        try:
            kindergarten_of(row)
        except ConfigError as exc:
            raise HTTPException(422, str(exc)) from None
        session.add(row)
        audit(session, staff.name, "enrol.kindergarten", code, body.model_dump())
        board_changed(session, code, 1)


@router.post("/registrations", status_code=201, response_model=RegistrationOut, responses=_ERRORS)
def register(
    body: RegistrationIn,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    year: YearDep,
    now: NowDep,
) -> RegistrationOut:
    actor = _needs_counter(request, body.channel)
    child = child_ref(body.national_id, settings.enrolment_id_key.get_secret_value().encode())
    try:
        with session.begin():
            registrant = None
            if body.channel is Channel.ONLINE:  # identified, and for this child (hub/enrolment/identity.py)
                registrant = online_registrant(request, session, settings, body.national_id)
                require_card_for(body.category, registrant)
            check_not_placed(session, year, child, Phase(body.phase))
            if body.has_priority_card:
                check_priority_card(session, year, child, now)
            applicant = _applicant(body)
            svc = EnrolmentService(year, load_kindergartens(session), SqlRepository(session))
            reg = svc.register(child, applicant, body.kindergarten, Phase(body.phase), body.channel, now)
            if registrant is not None:
                session.flush()
                session.execute(
                    update(EnrolRegistration)
                    .where(EnrolRegistration.number == reg.number)
                    .values(registrant=registrant.binding)
                )
            audit(session, actor, "enrol.register", reg.number, {"kindergarten": reg.kindergarten})
            board_changed(session, reg.kindergarten, int(reg.phase))
    except EnrolmentRefusal as exc:
        raise refused(exc) from None
    except IntegrityError:
        raise HTTPException(
            409, "this child was registered at the same moment elsewhere; look it up"
        ) from None
    return _out(reg, format_both(applicant.birth), int(year.age_of(applicant.birth)))


@router.post(
    "/registrations/multiples", status_code=201, response_model=list[RegistrationOut], responses=_ERRORS
)
def register_multiples(
    body: MultiplesIn, session: SessionDep, settings: SettingsDep, staff: Counter, year: YearDep, now: NowDep
) -> list[RegistrationOut]:
    key = settings.enrolment_id_key.get_secret_value().encode()
    try:
        with session.begin():
            pairs = [(child_ref(c.national_id, key), _applicant(c)) for c in body.children]
            svc = EnrolmentService(year, load_kindergartens(session), SqlRepository(session))
            regs = svc.register_multiples(
                pairs, body.kindergarten, Phase(body.phase), Channel.ON_SITE, now, body.drawn_together
            )
            audit(session, staff.name, "enrol.multiples", regs[0].number, {"count": len(regs)})
            board_changed(session, body.kindergarten, body.phase)
    except EnrolmentRefusal as exc:
        raise refused(exc) from None
    return [
        _out(r, format_both(a.birth), int(year.age_of(a.birth)))
        for r, (_, a) in zip(regs, pairs, strict=True)
    ]


def _quota(session: Session, year: SchoolYear, kg: str, phase: Phase) -> Quota:
    row = session.get(EnrolKindergarten, kg)
    if row is None:
        raise HTTPException(404, f"no kindergarten {kg!r}")
    if phase is Phase.ONE:
        return phase1_quota(kindergarten_of(row).capacity)
    previous = draw_row(session, year, kg, int(phase) - 1)
    if previous is None or previous.board is None:
        raise HTTPException(
            409, f"phase {int(phase) - 1} has not been drawn at {kg}; its check-ins set these places"
        )
    board = board_for(year, previous)
    return quota_of(previous).next_phase(board.checked_in(), board.staff_checked_in())


@router.post("/draws/{kg}/{phase}/announce", status_code=201)
def announce(
    kg: str,
    phase: PhaseNo,
    body: AnnounceIn,
    session: SessionDep,
    staff: Supervisor,
    year: YearDep,
    now: NowDep,
) -> dict[str, Any]:
    """Freeze and publish the entrant lists and name the randomness sources (after registration closes)."""
    ph = Phase(phase)
    if all(p.phase is not ph for p in year.phases):
        raise HTTPException(409, f"phase {phase} is not scheduled for school year {year.roc_year}")
    if now <= year.schedule(ph).registration_end():
        raise HTTPException(409, "registration is still open; announce the entrant lists after it closes")
    with session.begin():
        if draw_row(session, year, kg, phase) is not None:
            raise HTTPException(409, "this draw was already announced; its lists are frozen")
        quota = _quota(session, year, kg, ph)
        svc = EnrolmentService(year, load_kindergartens(session), SqlRepository(session))
        try:
            ann = svc.announce(kg, ph, quota, body.sources, body.hash)
        except SelectionError as exc:
            raise HTTPException(422, str(exc)) from None
        q = quota_json(quota)
        session.add(
            EnrolDraw(
                school_year=year.roc_year,
                kindergarten=kg,
                phase=phase,
                places=q["places"],
                staff_cap=q["staff_cap"],
                announcement=ann.to_json(),
                announcement_sha256=ann.fingerprint(),
                announced_at=to_ms(now),
            )
        )
        audit(session, staff.name, "enrol.announce", ann.draw_id, {"sha256": ann.fingerprint()})
        board_changed(session, kg, phase)
    return {"announcement": ann.to_json(), "announcement_sha256": ann.fingerprint()}


@router.post("/draws/{kg}/{phase}/draw")
def do_draw(
    kg: str, phase: PhaseNo, body: DrawIn, session: SessionDep, staff: Supervisor, year: YearDep, now: NowDep
) -> dict[str, Any]:
    """Fill in the announced sources' values and draw; the transcript is public at once."""
    with session.begin():
        row = draw_row(session, year, kg, phase)
        if row is None:
            raise HTTPException(409, "announce the entrant lists and randomness sources first")
        if row.transcript is not None:
            raise HTTPException(409, "this draw has already been made; fetch its transcript")
        ann = Announcement.from_json(row.announcement)
        if ann.fingerprint() != row.announcement_sha256:
            raise HTTPException(500, "the stored announcement no longer matches its published fingerprint")
        try:
            result = run_draw(ann, body.values)
        except SelectionError as exc:
            raise HTTPException(422, str(exc)) from None
        board = ci.from_draw(result, year.schedule(Phase(phase)), year.waitlist_valid_until())
        row.transcript, row.drawn_at, row.board = result.transcript, to_ms(now), board_json(board)
        audit(session, staff.name, "enrol.draw", ann.draw_id, {"values": body.values})
        board_changed(session, kg, phase)
    return {"winners": result.transcript["winners"], "waitlist": result.transcript["waitlist"]}


@router.get("/draws/{kg}/{phase}")
def get_draw(kg: str, phase: PhaseNo, session: SessionDep, year: YearDep) -> dict[str, Any]:
    """The published announcement, and once drawn the full transcript (feed it to scripts/verify_lottery.py)."""
    row = draw_row(session, year, kg, phase)
    if row is None:
        raise HTTPException(404, "not announced yet")
    return {
        "announcement": row.announcement,
        "announcement_sha256": row.announcement_sha256,
        "transcript": row.transcript,
    }


@router.post("/draws/{kg}/{phase}/close")
def close(
    kg: str, phase: PhaseNo, session: SessionDep, staff: Supervisor, year: YearDep, now: NowDep
) -> dict[str, Any]:
    """At 16:00 close the winners' check-in and offer places; after 17:00 expire offers and offer again."""
    with session.begin():
        row = draw_row(session, year, kg, phase)
        if row is None or row.board is None:
            raise HTTPException(409, "nothing drawn yet")
        board = board_for(year, row)
        try:
            board = ci.close_winners(board, now)
            if now > board.schedule.waitlist_deadline:
                board = ci.offer_vacancies(ci.expire_offers(board, now), now, now + timedelta(days=1))
        except CheckInRefused as exc:
            raise refused(exc) from None
        row.board = board_json(board)
        audit(session, staff.name, "enrol.close", f"{kg}/{phase}", None)
        board_changed(session, kg, phase)
    return {pool.value: board.vacancies(pool) for pool in Pool}


def _own_registration(
    session: Session, settings: Any, number: str, national_id: str, request: Request | None = None
) -> EnrolRegistration:
    """The registration if number and child match, and — for one made online — only for the identification
    that made it (``request`` is None for staff acting at the counter)."""
    row = session.scalar(select(EnrolRegistration).where(EnrolRegistration.number == number))
    if row is None or row.child != child_ref(
        national_id, settings.enrolment_id_key.get_secret_value().encode()
    ):
        raise HTTPException(404, "no registration with this number for this child")
    if row.registrant is not None and request is not None:
        caller = online_registrant(request, session, settings, national_id)
        if not hmac.compare_digest(caller.binding, row.registrant):
            raise HTTPException(404, "no registration with this number for this child")
    return row


@router.post("/check-in", response_model=ResultOut, responses=_ERRORS)
def check_in(
    body: CheckInIn, request: Request, session: SessionDep, settings: SettingsDep, year: YearDep, now: NowDep
) -> ResultOut:
    actor = _needs_counter(request, body.channel)
    with session.begin():
        online = request if body.channel is Channel.ONLINE else None
        reg = _own_registration(session, settings, body.number, body.national_id, online)
        row = draw_row(session, year, reg.kindergarten, reg.phase)
        if row is None or row.board is None:
            raise HTTPException(409, "the draw has not been made yet")
        try:
            board = ci.check_in(board_for(year, row), reg.number, body.channel, now)
        except CheckInRefused as exc:
            raise refused(exc) from None
        row.board = board_json(board)
        audit(session, actor, "enrol.check_in", reg.number, {"channel": body.channel.value})
        board_changed(session, reg.kindergarten, reg.phase)
    return ResultOut(**result_of(session, year, reg))


@router.post("/result", response_model=ResultOut)
def result(
    body: CheckInIn, request: Request, session: SessionDep, settings: SettingsDep, year: YearDep
) -> ResultOut:
    """A parent's own result: registered, admitted, waitlisted (with rank), offered, checked in, forfeited.
    One registered online is shown only to the identification that registered it."""
    with session.begin():
        reg = _own_registration(session, settings, body.number, body.national_id, request)
        return ResultOut(**result_of(session, year, reg))


@router.get("/board", response_model=list[BoardRowOut])
def live_board(session: SessionDep, year: YearDep, phase: PhaseQuery = 1) -> list[BoardRowOut]:
    """Public live board: places, registrations and (once drawn) vacancies per kindergarten and class type."""
    return [BoardRowOut(**row) for row in board_rows(session, year, phase)]
