"""Staff pages of the follow-up tips: read, edit (kept in the database), print for the citizen at the counter."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hub.api.deps import SessionDep
from hub.counter.calc import CalcError
from hub.counter.docs.model import Content
from hub.counter.docs.render import Header, render
from hub.counter.docs.tips import KINDS, TipList, parse_items, shipped_tips
from hub.counter.models import CounterTipList
from hub.counter.web import COUNTER_COOKIE, PrintError, a4_devices, page, send_to_counter
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import TAIPEI
from wire import now_ms

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]


def current(session: Session, kind: str) -> TipList:
    shipped = shipped_tips()[kind]
    edited = session.get(CounterTipList, kind)
    return shipped if edited is None else TipList(kind, shipped.title, parse_items(edited.items))


@router.get("/staff/counter/tips")
def tips(request: Request, staff: CounterPage, session: SessionDep) -> Response:
    lists = [current(session, k) for k in KINDS]
    devices = a4_devices(session)
    chosen = request.cookies.get(COUNTER_COOKIE, devices[0].id if devices else "")
    return page(request, "counter_tips.html", lists=lists, devices=devices, chosen=chosen)


@router.get("/staff/counter/tips/{kind}/edit")
def edit_form(request: Request, kind: str, staff: CounterPage, session: SessionDep) -> Response:
    if kind not in KINDS:
        return RedirectResponse("/staff/counter/tips", status_code=303)
    tl = current(session, kind)
    return page(request, "counter_tips_edit.html", tl=tl, text="\n".join(t.line() for t in tl.items))


@router.post("/staff/counter/tips/{kind}/edit")
def edit(request: Request, kind: str, staff: CounterPage, session: SessionDep,
         items: Annotated[str, Form(max_length=20000)]) -> Response:  # fmt: skip
    if kind not in KINDS:
        return RedirectResponse("/staff/counter/tips", status_code=303)
    try:
        parsed = parse_items(items.splitlines())
    except CalcError as exc:
        tl = shipped_tips()[kind]
        return page(request, "counter_tips_edit.html", 400, tl=tl, text=items, calc_error=exc)
    with session.begin():
        row = session.get(CounterTipList, kind) or CounterTipList(kind=kind)
        row.items, row.updated_by, row.updated_at = [t.line() for t in parsed], staff.name, now_ms()
        session.add(row)
    return RedirectResponse(f"/staff/counter/tips#{kind}", status_code=303)


def tips_pdf(tl: TipList, staff: StaffPrincipal) -> bytes:
    content = Content("tips", f"戶政貼心小叮嚀：{tl.title.split(' ')[0]}", f"Follow-up tips: {tl.title}", (),
                      ("辦妥戶籍登記後，您可能還需要到下列機關辦理：",),
                      tuple(f"{t.title}（{t.agency}）{'：' + t.note if t.note else ''}" for t in tl.items), ())  # fmt: skip
    return render(content, Header("貼心小叮嚀 Tips", "戶政事務所 Household registration office", datetime.now(TAIPEI),
                                  staff.display_name, f"tips:{tl.kind}"))  # fmt: skip


@router.post("/staff/counter/tips/{kind}/print")
def print_tips(request: Request, kind: str, staff: CounterPage, session: SessionDep,
               device: Annotated[str, Form(max_length=63)] = "") -> Response:  # fmt: skip
    if kind not in KINDS:
        return RedirectResponse("/staff/counter/tips", status_code=303)
    pdf = tips_pdf(current(session, kind), staff)
    try:
        job = send_to_counter(
            session, getattr(request.app.state, "hub_link", None), device, pdf, f"tips {kind}", None
        )
    except PrintError as exc:
        lists = [current(session, k) for k in KINDS]
        return page(request, "counter_tips.html", 400, lists=lists, devices=a4_devices(session), chosen=device,
                    error=str(exc))  # fmt: skip
    response = RedirectResponse(f"/staff/counter/jobs/{job}", status_code=303)
    response.set_cookie(COUNTER_COOKIE, device, httponly=True, samesite="strict", max_age=30 * 86400)
    return response
