"""Case HTTP API: open at the counter (Bearer), public progress query, milestones, receipts, slips, look-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, HTTPException, Request, status

from hub.api.deps import SessionDep, SettingsDep
from hub.cases.progress import operator_lookup, public_view, query_progress
from hub.cases.satisfaction import Answer, satisfaction_report, submit
from hub.cases.schemas import (
    AdvanceIn,
    CaseCreated,
    CaseIn,
    ErrorOut,
    ProgressIn,
    ProgressOut,
    SatisfactionIn,
)
from hub.cases.service import (
    Applicant,
    CaseError,
    Texts,
    advance,
    check_agency,
    get_case,
    open_case,
    payments_of,
    receipt,
)
from hub.notify.worker import NotifyWorker, senders_from_settings
from hub.payments.service import slip_data
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the notification worker with the app (it fills Settings.public_url into kiosk cases' texts)."""
    settings = app.state.settings
    worker = NotifyWorker(
        app.state.sessions,
        senders_from_settings(settings),
        settings.notify_interval_s,
        public_url=settings.public_url,
    ).start()
    app.state.notify_worker = worker
    try:
        yield
    finally:
        worker.stop()


router = APIRouter(prefix="/api/v1", tags=["cases"], lifespan=lifespan)
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]
Operator = Annotated[StaffPrincipal, Depends(require_role(Role.OPERATOR, Role.COUNTER))]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"model": ErrorOut},
}


def kick_notifier(request: Request) -> None:
    worker = getattr(request.app.state, "notify_worker", None)
    if worker is not None:
        worker.kick()


def _http(exc: CaseError) -> HTTPException:
    return HTTPException(exc.status, str(exc))


@router.post("/cases", status_code=status.HTTP_201_CREATED, response_model=CaseCreated, responses=ERRORS)
def create_case(
    body: CaseIn,
    staff: Counter,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    tasks: BackgroundTasks,
) -> CaseCreated:
    """Register a case received at the counter, by mail, fax or phone, after the citizen consented.

    The query password is in this answer only; it is stored hashed and cannot be shown again."""
    try:
        with session.begin():
            case, password = open_case(
                session,
                service_code=body.service,
                channel=body.channel,
                applicant=Applicant(body.applicant.name, body.applicant.phone, body.applicant.email),
                consent=body.consent,
                actor=staff.name,
                public_url=settings.public_url,
                copies=body.copies,
            )
            if staff.agency is not None and case.agency != staff.agency:  # undone with the transaction
                raise CaseError(
                    f"service {body.service!r} belongs to {case.agency}; you register cases of {staff.agency}",
                    403,
                )
    except CaseError as exc:
        raise _http(exc) from None
    tasks.add_task(kick_notifier, request)
    assert password is not None
    return CaseCreated(case_no=case.case_no, query_password=password)


@router.post(
    "/progress",
    response_model=ProgressOut,
    responses={404: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def progress(body: ProgressIn, request: Request) -> dict[str, Any]:
    """A citizen's progress query with case number and password; wrong pairs and unknown cases look alike."""
    client = request.client.host if request.client else "unknown"
    try:
        return query_progress(request.app.state.sessions, body.case_no, body.password, client)
    except CaseError as exc:
        raise _http(exc) from None


@router.post(
    "/satisfaction",
    status_code=status.HTTP_201_CREATED,
    responses={
        404: {"model": ErrorOut},
        409: {"model": ErrorOut},
        422: {"model": ErrorOut},
        429: {"model": ErrorOut},
    },
)
def satisfaction(body: SatisfactionIn, request: Request) -> dict[str, Any]:
    """The citizen's questionnaire once the case is closed (one per case); number + password as for progress."""
    client = request.client.host if request.client else "unknown"
    try:
        answer = Answer(body.score, tuple(body.reasons), body.comment)
        case_no = submit(request.app.state.sessions, body.case_no, body.password, client, answer)
    except CaseError as exc:
        raise _http(exc) from None
    return {"case_no": case_no, "recorded": True}


@router.get("/cases/{case_no}", response_model=ProgressOut, responses=ERRORS)
def case_detail(case_no: str, staff: Counter, session: SessionDep) -> dict[str, Any]:
    try:
        check_agency(session, case_no, staff.agency)
        return public_view(session, get_case(session, case_no))
    except CaseError as exc:
        raise _http(exc) from None


@router.post("/cases/{case_no}/milestones", response_model=ProgressOut, responses=ERRORS)
def advance_case(
    case_no: str,
    body: AdvanceIn,
    staff: Counter,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    tasks: BackgroundTasks,
) -> dict[str, Any]:
    """Move a case to a milestone; the email/SMS texts default to the service's templates and may be edited."""
    texts = None
    if body.email_subject and body.email and body.sms:
        texts = Texts(body.email_subject, body.email, body.sms)
    try:
        with session.begin():
            check_agency(session, case_no, staff.agency)
            case = advance(
                session,
                case_no=case_no,
                milestone=body.milestone,
                actor=staff.name,
                public_url=settings.public_url,
                note=body.note,
                texts=texts,
            )
            view = public_view(session, case)
    except CaseError as exc:
        raise _http(exc) from None
    tasks.add_task(kick_notifier, request)
    return view


@router.post("/cases/{case_no}/receipt", responses=ERRORS)
def reprint_receipt(case_no: str, staff: Counter, session: SessionDep) -> dict[str, Any]:
    """Receipt data for a re-print (without the password); every print is counted and audited."""
    try:
        with session.begin():
            check_agency(session, case_no, staff.agency)
            return receipt(session, case_no, staff.name)
    except CaseError as exc:
        raise _http(exc) from None


@router.get("/cases/{case_no}/slips", responses=ERRORS)
def payment_slips(case_no: str, staff: Counter, session: SessionDep) -> list[dict[str, Any]]:
    """Slip data (three barcode segments + QR text) of each payment of the case, for the agent to print."""
    try:
        check_agency(session, case_no, staff.agency)
        case = get_case(session, case_no)
    except CaseError as exc:
        raise _http(exc) from None
    return [slip_data(case.case_no, p) for p in payments_of(session, case)]


@router.get("/lookup/{case_no}", response_model=ProgressOut, responses=ERRORS)
def lookup(case_no: str, staff: Operator, session: SessionDep, reason: str = "") -> dict[str, Any]:
    """The 1999 operator's look-up for a caller: no password needed, every look-up is logged."""
    try:
        with session.begin():
            check_agency(session, case_no, staff.agency)
            return operator_lookup(session, case_no, staff, reason)
    except CaseError as exc:
        raise _http(exc) from None


@router.get("/reports/sla", responses=ERRORS)
def sla(staff: Counter, session: SessionDep) -> dict[str, Any]:
    """On-time / late / open / overdue counts per agency and per service (supplement pauses deducted), and
    the satisfaction questionnaire's answers, average score (1-5) and share satisfied (4-5) on the same keys."""
    from hub.cases.reports import report
    from hub.cases.service import today_tw

    rep = report(session, today_tw())
    sat = satisfaction_report(session)

    def tally(t: Any) -> dict[str, Any]:
        return {
            "on_time": t.on_time,
            "late": t.late,
            "open": t.open,
            "overdue": t.overdue,
            "on_time_rate": t.on_time_rate,
        }

    return {
        "overall": tally(rep.overall),
        "by_agency": {k: tally(v) for k, v in sorted(rep.by_agency.items())},
        "by_service": {k: tally(v) for k, v in sorted(rep.by_service.items())},
        "satisfaction": {
            "overall": sat.overall.as_dict(),
            "by_agency": {k: v.as_dict() for k, v in sorted(sat.by_agency.items())},
            "by_service": {k: v.as_dict() for k, v in sorted(sat.by_service.items())},
            "reasons": sat.reasons,
        },
    }
