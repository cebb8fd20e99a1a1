"""Staff pages for cases: counter intake, case list, case page, advance, receipt, documents, look-up, and the
citizens' public progress page (sign-in and the layout are shared: ``hub.web``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from hub.api.deps import SessionDep, SettingsDep
from hub.cases.calendar import taiwan_calendar
from hub.cases.caller_search import SearchRefused, find_for_caller
from hub.cases.deadline import paused_days
from hub.cases.models import Case
from hub.cases.panels import panels_for
from hub.cases.progress import operator_lookup, query_progress
from hub.cases.service import (
    CONTROL_CHARS,
    Applicant,
    CaseError,
    Texts,
    advance,
    check_agency,
    default_texts,
    get_case,
    open_case,
    pauses_of,
    payments_of,
    receipt,
    reset_password,
    today_tw,
)
from hub.catalogue.store import current_catalogue
from hub.notify.delivery_note import delivery_note
from hub.notify.models import Notification
from hub.notify.worker import senders_from_settings
from hub.payments.service import slip_data
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.i18n import tr
from hub.web.render import page
from wire import now_ms

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
OperatorPage = Annotated[StaffPrincipal, Depends(page_role(Role.OPERATOR, Role.COUNTER))]


@router.get("/staff/intake")
def intake_form(request: Request, staff: CounterPage, session: SessionDep) -> Response:
    services = [
        s for s in current_catalogue(session).services if {"counter", "mail"} & {c.value for c in s.channels}
    ]
    return page(request, "cases/intake.html", services=services, form={})


@router.post("/staff/intake")
def intake(
    request: Request,
    staff: CounterPage,
    session: SessionDep,
    settings: SettingsDep,
    service: Annotated[str, Form(max_length=32)],
    name: Annotated[str, Form(max_length=60)],
    channel: Annotated[str, Form(max_length=16)] = "counter",
    phone: Annotated[str, Form(max_length=16)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    copies: Annotated[int, Form(ge=1, le=50)] = 1,
    consent: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    form = {
        "service": service,
        "name": name,
        "channel": channel,
        "phone": phone,
        "email": email,
        "copies": copies,
        "consent": consent == "yes",
    }
    from pydantic import TypeAdapter, ValidationError

    from wire.payloads.cases import Email, Phone

    try:
        phone_v = TypeAdapter(Phone).validate_python(phone.strip()) if phone.strip() else None
        email_v = TypeAdapter(Email).validate_python(email.strip()) if email.strip() else None
        with session.begin():
            case, password = open_case(
                session,
                service_code=service,
                channel=channel if channel in ("counter", "mail") else "counter",
                applicant=Applicant(name.strip(), phone_v, email_v),
                consent=consent == "yes",
                actor=staff.name,
                public_url=settings.public_url,
                copies=copies,
            )
            if staff.agency is not None and case.agency != staff.agency:  # undone with the transaction
                raise CaseError(
                    f"此業務屬 {case.agency}，您辦理 {staff.agency} 的案件 This service is not your agency's",
                    403,
                )
    except (CaseError, ValidationError) as exc:
        message = (
            "手機或電子郵件格式不正確。Check the phone number or email."
            if isinstance(exc, ValidationError)
            else str(exc)
        )
        services = [
            s
            for s in current_catalogue(session).services
            if {"counter", "mail"} & {c.value for c in s.channels}
        ]
        return page(request, "cases/intake.html", 422, services=services, form=form, error=message)
    _kick(request)
    return page(request, "cases/created.html", case=case, password=password)


def _kick(request: Request) -> None:
    worker = getattr(request.app.state, "notify_worker", None)
    if worker is not None:
        worker.kick()


@router.get("/staff/cases")
def case_list(
    request: Request,
    staff: CounterPage,
    session: SessionDep,
    q: str = "",
    status: str = "open",
    agency: str = "",
    service: str = "",
) -> Response:
    today = today_tw()
    stmt = select(Case).options(selectinload(Case.pauses)).order_by(Case.due_on, Case.id).limit(500)
    if status in ("open", "overdue"):
        stmt = stmt.where(Case.status == "open")
    elif status == "closed":
        stmt = stmt.where(Case.status == "closed")
    if staff.agency is not None:  # staff of one agency list only its cases, whatever the filter says
        agency = staff.agency
    if agency:
        stmt = stmt.where(Case.agency == agency)
    if service:
        stmt = stmt.where(Case.service == service)
    q = CONTROL_CHARS.sub("", q)
    if q.strip():
        like = f"%{q.strip()[:40]}%"
        stmt = stmt.where(or_(Case.case_no.ilike(like), Case.name.like(like)))
    rows = []
    for case in session.scalars(stmt):
        paused = any(p.resumed_on is None for p in case.pauses)
        overdue = case.status == "open" and not paused and case.due_on < today
        if status == "overdue" and not overdue:
            continue
        rows.append({"case": case, "paused": paused, "overdue": overdue})
    catalogue = current_catalogue(session)
    return page(
        request,
        "cases/cases.html",
        rows=rows,
        overdue_count=sum(1 for r in rows if r["overdue"]),
        agencies=sorted({s.agency for s in catalogue.services}),
        services=catalogue.services,
        f={"q": q, "status": status, "agency": agency, "service": service},
    )


def _case_page(
    request: Request,
    session: Any,
    settings: Any,
    case_no: str,
    milestone: str | None = None,
    note: str = "",
    **extra: Any,
) -> Response:
    case = get_case(session, case_no)
    service = current_catalogue(session).get(case.service)
    codes = [m.code for m in service.milestones]
    visited = {t.milestone for t in case.timeline}
    later = [c for c in codes[1:] if c != case.milestone]
    if milestone in later:
        target: str | None = milestone
    else:
        after = codes[codes.index(case.milestone) + 1 :] if case.milestone in codes else []
        target = after[0] if after else (later[0] if later else None)
    texts = default_texts(case, service, target, note, settings.public_url) if target else Texts("", "", "")
    payments = payments_of(session, case)
    today = today_tw()
    paused = any(p.resumed_on is None for p in case.pauses)
    notifications = session.scalars(
        select(Notification).where(Notification.case_id == case.id).order_by(Notification.id)
    ).all()
    configured = set(senders_from_settings(settings))
    now = now_ms()
    notes = {
        n.id: delivery_note(n.status, n.channel, n.attempts, n.created_at, n.next_attempt_at, configured, now)
        for n in notifications
    }
    return page(
        request,
        "cases/case.html",
        case=case,
        notifications=notifications,
        delivery_notes=notes,
        service=service,
        done=visited,
        target=target,
        target_name=service.milestone(target).name if target else "",
        target_name_en=(service.milestone(target).name_en or "") if target else "",
        texts=texts,
        note=note,
        payments=payments,
        slips={p.payment_no: slip_data(case.case_no, p)["barcodes"] for p in payments},
        panels=panels_for(session, case),
        paused=paused,
        overdue=case.status == "open" and not paused and case.due_on < today,
        paused_days=paused_days(taiwan_calendar(), pauses_of(case), today) if case.pauses else 0,
        **extra,
    )


@router.get("/staff/cases/{case_no}")
def case_page(
    request: Request,
    case_no: str,
    staff: CounterPage,
    session: SessionDep,
    settings: SettingsDep,
    milestone: str | None = None,
    note: str = "",
) -> Response:
    try:
        check_agency(session, case_no, staff.agency)
        return _case_page(request, session, settings, case_no, milestone, note)
    except CaseError as exc:
        return page(request, "base.html", exc.status, error=str(exc))


@router.post("/staff/cases/{case_no}/advance")
def advance_page(
    request: Request,
    case_no: str,
    staff: CounterPage,
    session: SessionDep,
    settings: SettingsDep,
    milestone: Annotated[str, Form(max_length=32)],
    note: Annotated[str, Form(max_length=500)] = "",
    sms: Annotated[str, Form(max_length=500)] = "",
    email_subject: Annotated[str, Form(max_length=300)] = "",
    email: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    texts = (
        Texts(email_subject, email, sms) if sms.strip() and email.strip() and email_subject.strip() else None
    )
    try:
        with session.begin():
            check_agency(session, case_no, staff.agency)
            advance(
                session,
                case_no=case_no,
                milestone=milestone,
                actor=staff.name,
                public_url=settings.public_url,
                note=note.strip(),
                texts=texts,
            )
    except CaseError as exc:
        return _case_page(request, session, settings, case_no, milestone, note, error=str(exc))
    _kick(request)
    return RedirectResponse(f"/staff/cases/{case_no}", status_code=303)


@router.post("/staff/cases/{case_no}/receipt")
def receipt_page(request: Request, case_no: str, staff: CounterPage, session: SessionDep) -> Response:
    try:
        with session.begin():
            check_agency(session, case_no, staff.agency)
            data = receipt(session, case_no, staff.name)
    except CaseError as exc:
        return page(request, "base.html", exc.status, error=str(exc))
    return page(request, "cases/receipt.html", r=data)


@router.post("/staff/cases/{case_no}/password")
def password_page(request: Request, case_no: str, staff: CounterPage, session: SessionDep) -> Response:
    """A new query password for a citizen who lost theirs (shown once; the old one stops working)."""
    try:
        with session.begin():
            check_agency(session, case_no, staff.agency)
            password = reset_password(session, case_no, staff.name)
            case = get_case(session, case_no)
    except CaseError as exc:
        return page(request, "base.html", exc.status, error=str(exc))
    return page(
        request, "cases/created.html", case=case, password=password, message="查詢密碼已重設 Password reset"
    )


@router.get("/staff/lookup")
def lookup_page(
    request: Request,
    staff: OperatorPage,
    session: SessionDep,
    case_no: Annotated[str, Query(max_length=40)] = "",
    reason: Annotated[str, Query(max_length=200)] = "",
    name: Annotated[str, Query(max_length=60)] = "",
    phone: Annotated[str, Query(max_length=20)] = "",
    id_last4: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """By case number; or, when the caller does not have it, by name + phone or name + ID last 4."""
    if not case_no.strip() and (name or phone or id_last4):
        return _caller_search(request, staff, session, name, phone, id_last4, reason)
    if not case_no.strip():
        return page(request, "cases/lookup.html")
    try:
        with session.begin():
            check_agency(session, case_no, staff.agency)
            view = operator_lookup(session, case_no, staff, reason or "來電查詢")
    except CaseError as exc:
        return page(request, "cases/lookup.html", exc.status, case_no=case_no, reason=reason, error=str(exc))
    return page(request, "cases/lookup.html", case_no=case_no, reason=reason, view=view)


def _caller_search(
    request: Request,
    staff: StaffPrincipal,
    session: SessionDep,
    name: str,
    phone: str,
    id_last4: str,
    reason: str,
) -> Response:
    form = {"name": name, "phone": phone, "id_last4": id_last4, "reason": reason}
    try:
        with session.begin():
            found = find_for_caller(session, staff, name, phone, id_last4, reason or "來電查詢")
        refused = found.refusal()
    except SearchRefused as exc:
        refused = exc
    if refused is not None:
        error = tr(request, refused.text, **refused.values)
        return page(request, "cases/lookup.html", refused.status, search=form, error=error, tab="caller")
    return page(request, "cases/lookup.html", search=form, matches=found.matches, tab="caller", reason=reason)


@router.get("/progress")
def progress_form(request: Request) -> Response:
    return page(request, "cases/progress.html")


@router.post("/progress")
def progress_page(
    request: Request,
    case_no: Annotated[str, Form(max_length=40)],
    password: Annotated[str, Form(max_length=64)],
) -> Response:
    client = request.client.host if request.client else "unknown"
    try:
        view = query_progress(request.app.state.sessions, case_no, password, client)
    except CaseError as exc:
        message = (
            "查無此案件編號與密碼組合。No case with this number and password."
            if exc.status == 404
            else "嘗試次數過多，請 15 分鐘後再試或撥 1999。Too many attempts; try again in 15 minutes or call 1999."
        )
        return page(request, "cases/progress.html", exc.status, case_no=case_no, error=message)
    return page(request, "cases/progress.html", case_no=case_no, view=view)
