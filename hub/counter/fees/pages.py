"""Staff pages for fees: take fees at the counter, the receipt (print at this counter, copy, void), the daily
close (each cashier counts, a supervisor locks), and the close's CSV and PDF exports. Counter staff take fees; a
supervisor locks the day and sees every cashier."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.api.deps import SessionDep, SettingsDep
from hub.counter.fees import service
from hub.counter.fees.close_pdf import render_close
from hub.counter.fees.core import CHANNELS, METHODS, FeeError
from hub.counter.fees.models import FeeReceipt
from hub.counter.models import CounterPrintJob
from hub.counter.web import COUNTER_COOKIE, PrintError, a4_devices, page, send_to_counter
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.i18n import lang_of

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]
SCHEDULE = service.shipped_schedule()


def _office(settings: Any) -> tuple[str, str]:
    return getattr(settings, "counter_office", "XT"), getattr(settings, "counter_office_name", "戶政事務所")


def _today() -> date:
    return datetime.now(service.TAIPEI).date()


def _form_page(request: Request, session: Session, office: str, status: int = 200, **extra: Any) -> Response:
    today = _today()
    receipts = session.scalars(select(FeeReceipt).where(FeeReceipt.office == office, FeeReceipt.day == today)
                               .order_by(FeeReceipt.id.desc()).limit(50)).all()  # fmt: skip
    items = [
        (item, item.amount_on(today)) for item in SCHEDULE.items.values() if item.rates[0].since <= today
    ]
    return page(request, "fees/take.html", status, items=items, methods=METHODS, receipts=receipts, today=today,
                locked=service.is_locked(session, office, today), values=extra.pop("values", {}), **extra)  # fmt: skip


@router.get("/staff/counter/fees")
def take_page(request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep) -> Response:
    return _form_page(request, session, _office(settings)[0])


@router.post("/staff/counter/fees")
async def take(request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep) -> Response:
    form = await request.form()
    values = {k: str(v)[:100] for k, v in form.items()}
    picks = [(code, values.get(f"qty-{code}", "").strip()) for code in SCHEDULE.items
             if values.get(f"qty-{code}", "").strip() not in ("", "0")]  # fmt: skip
    office, office_name = _office(settings)
    try:
        with session.begin():
            receipt = service.take_fees(
                session, SCHEDULE, office=office, office_name=office_name, picks=picks,
                pay_method=values.get("method", ""), cashier=staff.name, cashier_name=staff.display_name,
                now=datetime.now(service.TAIPEI), base_url=settings.public_url, payer=values.get("payer", ""),
                case_no=values.get("case_no", ""),
            )  # fmt: skip
            number = receipt.number
    except FeeError as exc:
        session.rollback()
        return _form_page(request, session, office, 400, error=exc.message, field=exc.field, values=values)
    return RedirectResponse(f"/staff/counter/fees/receipts/{number}", status_code=303)


def _receipt_or_404(request: Request, session: Session, number: str) -> FeeReceipt | Response:
    receipt = service.find(session, number[:24])
    if receipt is None:
        return page(request, "fees/receipt_missing.html", 404, number=number[:24])
    return receipt


def _jobs(session: Session, number: str) -> list[CounterPrintJob]:
    return list(session.scalars(select(CounterPrintJob).where(CounterPrintJob.document_no == number)
                                .order_by(CounterPrintJob.created_at)))  # fmt: skip


@router.get("/staff/counter/fees/receipts/{number}")
def receipt_page(request: Request, number: str, staff: CounterPage, session: SessionDep) -> Response:
    receipt = _receipt_or_404(request, session, number)
    if isinstance(receipt, Response):
        return receipt
    chosen = request.cookies.get(COUNTER_COOKIE, "")
    return page(request, "fees/receipt.html", receipt=receipt, devices=a4_devices(session), chosen=chosen,
                jobs=_jobs(session, receipt.number), methods=METHODS)  # fmt: skip


@router.get("/staff/counter/fees/receipts/{number}/pdf")
def receipt_pdf(request: Request, number: str, staff: CounterPage, session: SessionDep) -> Response:
    receipt = _receipt_or_404(request, session, number)
    if isinstance(receipt, Response):
        return receipt
    return Response(receipt.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{receipt.number}.pdf"'})  # fmt: skip


@router.post("/staff/counter/fees/receipts/{number}/print")
async def print_receipt(
    request: Request, number: str, staff: CounterPage, session: SessionDep, settings: SettingsDep
) -> Response:
    """The first print is the original; every later one is a copy marked 副本 (and counted)."""
    device = str((await request.form()).get("device", ""))[:63]
    receipt = _receipt_or_404(request, session, number)
    if isinstance(receipt, Response):
        return receipt
    reprint = bool(_jobs(session, receipt.number))
    if reprint:  # counted with the job below: send_to_counter commits the open transaction first
        pdf = service.reprint(receipt, _office(settings)[1], settings.public_url)
        title = f"{receipt.number} 副本"
    else:
        pdf, title = receipt.pdf, receipt.number
    try:
        job = send_to_counter(session, getattr(request.app.state, "hub_link", None), device, pdf, title,
                              receipt.number)  # fmt: skip
    except PrintError as exc:
        session.rollback()
        found = service.find(session, number[:24])
        return page(request, "fees/receipt.html", 400, receipt=found, devices=a4_devices(session), chosen=device,
                    jobs=_jobs(session, number[:24]), methods=METHODS, error=str(exc))  # fmt: skip
    response = RedirectResponse(f"/staff/counter/jobs/{job}", status_code=303)
    response.set_cookie(COUNTER_COOKIE, device, httponly=True, samesite="strict", max_age=30 * 86400)
    return response


@router.post("/staff/counter/fees/receipts/{number}/void")
async def void_receipt(request: Request, number: str, staff: CounterPage, session: SessionDep) -> Response:
    reason = str((await request.form()).get("reason", ""))[: service.REASON_MAX + 1]
    receipt = _receipt_or_404(request, session, number)
    if isinstance(receipt, Response):
        return receipt
    try:
        service.void(session, receipt, reason=reason, by=staff.name, now=datetime.now(service.TAIPEI))
        session.commit()
    except FeeError as exc:
        session.rollback()
        found = service.find(session, number[:24])
        return page(request, "fees/receipt.html", 400, receipt=found, devices=a4_devices(session), chosen="",
                    jobs=_jobs(session, number[:24]), methods=METHODS, error=exc.message)  # fmt: skip
    return RedirectResponse(f"/staff/counter/fees/receipts/{receipt.number}", status_code=303)


# -- the daily close --------------------------------------------------------------------------------------
def _day(raw: str | None) -> date | None:
    if not raw:
        return _today()
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _close_page(request: Request, session: Session, office: str, day: date, staff: StaffPrincipal,
                status: int = 200, **extra: Any) -> Response:  # fmt: skip
    view = service.close_view(session, office, day)
    if staff.role is not Role.SUPERVISOR:  # a cashier sees their own line; the supervisor sees every counter
        view["cashiers"] = [c for c in view["cashiers"] if c["cashier"] == staff.name]
    names = {code: item.en if lang_of(request) == "en" else item.zh for code, item in SCHEDULE.items.items()}
    return page(request, "fees/close.html", status, view=view, day=day, names=names, methods=METHODS,
                channels=CHANNELS, supervisor=staff.role is Role.SUPERVISOR, **extra)  # fmt: skip


@router.get("/staff/counter/fees/close")
def close_page(request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep,
               day: str | None = None) -> Response:  # fmt: skip
    when = _day(day)
    if when is None:
        return _close_page(request, session, _office(settings)[0], _today(), staff, 400,
                           error="日期格式應為 YYYY-MM-DD。 day must be YYYY-MM-DD")  # fmt: skip
    return _close_page(request, session, _office(settings)[0], when, staff)


@router.post("/staff/counter/fees/close/count")
async def count(request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep) -> Response:
    form = await request.form()
    office = _office(settings)[0]
    when = _day(str(form.get("day", "")))
    if when is None:
        return _close_page(request, session, office, _today(), staff, 400, error="day must be YYYY-MM-DD")
    try:
        with session.begin():
            service.count_cash(session, office=office, day=when, cashier=staff.name,
                               counted=str(form.get("counted", ""))[:20],
                               explanation=str(form.get("explanation", ""))[: service.REASON_MAX + 1],
                               by=staff.name, now=datetime.now(service.TAIPEI))  # fmt: skip
    except FeeError as exc:
        session.rollback()
        return _close_page(request, session, office, when, staff, 400, error=exc.message, field=exc.field,
                           counted=str(form.get("counted", ""))[:20])  # fmt: skip
    return RedirectResponse(f"/staff/counter/fees/close?day={when.isoformat()}", status_code=303)


@router.post("/staff/counter/fees/close/lock")
async def lock(
    request: Request, staff: SupervisorPage, session: SessionDep, settings: SettingsDep
) -> Response:
    form = await request.form()
    office = _office(settings)[0]
    when = _day(str(form.get("day", "")))
    if when is None:
        return _close_page(request, session, office, _today(), staff, 400, error="day must be YYYY-MM-DD")
    try:
        with session.begin():
            service.lock_day(
                session, office=office, day=when, by=staff.name, now=datetime.now(service.TAIPEI)
            )
    except FeeError as exc:
        session.rollback()
        return _close_page(request, session, office, when, staff, 400, error=exc.message)
    return RedirectResponse(f"/staff/counter/fees/close?day={when.isoformat()}", status_code=303)


@router.get("/staff/counter/fees/close.csv")
def close_csv(
    staff: SupervisorPage, session: SessionDep, settings: SettingsDep, day: str | None = None
) -> Response:
    when = _day(day) or _today()
    view = service.close_view(session, _office(settings)[0], when)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["section", "key", "count", "amount"])
    sums = view["sums"]
    w.writerow(["day", when.isoformat(), sums.receipts, sums.total])
    w.writerow(["voids", "", sums.voids, ""])
    for code, (qty, amount) in sorted(sums.by_item.items()):
        w.writerow(["item", code, qty, amount])
    for how, amount in sorted(sums.by_method.items()):
        w.writerow(["method", how, "", amount])
    for channel, (n, amount) in sorted(view["channels"].items()):
        w.writerow(["channel", channel, n, amount])
    for c in view["cashiers"]:
        w.writerow(["cashier", c["cashier"], c["receipts"], c["total"]])
        w.writerow(["cash", c["cashier"], c["counted"] if c["counted"] is not None else "", c["cash"]])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="fees-{when.isoformat()}.csv"'})  # fmt: skip


@router.get("/staff/counter/fees/close.pdf")
def close_pdf(
    staff: SupervisorPage, session: SessionDep, settings: SettingsDep, day: str | None = None
) -> Response:
    """The day's close as an A4 PDF (the figures of the page and the CSV); a malformed day is a 400."""
    when = _day(day)
    if when is None:
        return Response("日期格式應為 YYYY-MM-DD。 day must be YYYY-MM-DD", status_code=400,
                        media_type="text/plain; charset=utf-8")  # fmt: skip
    office, office_name = _office(settings)
    view = service.close_view(session, office, when)
    names = {code: item.zh for code, item in SCHEDULE.items.items()}
    return Response(render_close(view, office_name, names), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="fees-{when.isoformat()}.pdf"'})  # fmt: skip
