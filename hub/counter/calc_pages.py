"""Staff pages of the calculators: a form each, the result with its reasoning, print the reasoning at the counter."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from hub.api.deps import SessionDep
from hub.cases.calendar import taiwan_calendar
from hub.counter import calc
from hub.counter.docs.model import Content
from hub.counter.docs.render import Header, render
from hub.counter.web import COUNTER_COOKIE, PrintError, a4_devices, page, send_to_counter
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import TAIPEI

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]

TITLES = {
    "conception": ("受胎期間計算", "Conception period"),
    "residence": ("歸化居留期間計算", "Naturalisation residence"),
    "allowance": ("生育津貼計算", "Birth allowance"),
    "deadline": ("法定期間計算", "Legal deadline"),
}


def _today() -> Any:
    return datetime.now(TAIPEI).date()


def run(kind: str, q: dict[str, str]) -> Any:
    """One calculator on the page's query fields; CalcError naming the field."""
    work = taiwan_calendar()
    today = _today()

    def day(name: str) -> Any:
        return calc.parse_date(q.get(name, "").strip(), name)

    def optional(name: str) -> Any:
        return day(name) if q.get(name, "").strip() else None

    if kind == "conception":
        return calc.conception_period(day("birth"), today)
    if kind == "deadline":
        try:
            amount = int(q.get("amount", ""))
        except ValueError:
            raise calc.CalcError("amount", "期間長度請填整數。", "amount: a whole number") from None
        unit = q.get("unit", "days")
        if unit not in ("days", "months"):
            raise calc.CalcError("unit", "單位請選日或月。", "unit: days or months")
        return calc.deadline(day("event"), amount, calc.PeriodUnit(unit), work)
    if kind == "allowance":
        try:
            children = int(q.get("children", "1") or 1)
        except ValueError:
            raise calc.CalcError("children", "胎數請填整數。", "children: a whole number") from None
        return calc.birth_allowance(day("birth"), day("registered_on"), optional("father_since"),
                                    optional("mother_since"), today, work, calc.load_allowance_table(), children)  # fmt: skip
    stays = []
    for i, line in enumerate(x for x in q.get("stays", "").splitlines() if x.strip()):
        entry, _, exit_ = line.replace("～", ",").replace("~", ",").partition(",")
        stays.append(calc.Stay(calc.parse_date(entry.strip(), f"stays[{i}].entry"),
                               calc.parse_date(exit_.strip(), f"stays[{i}].exit") if exit_.strip() else None))  # fmt: skip
    applicant = q.get("applicant", "foreign_spouse")
    if applicant not in ("foreign_spouse", "other"):
        raise calc.CalcError("applicant", "請選申請人身分。", "applicant: foreign_spouse or other")
    basis = q.get("basis", "anniversary")
    if basis not in ("anniversary", "calendar"):
        raise calc.CalcError("basis", "請選年度算法。", "basis: anniversary or calendar")
    as_of = optional("as_of") or today
    return calc.residence_check(stays, calc.Applicant(applicant), as_of, today, calc.Basis(basis))


def reasoning_pdf(kind: str, q: dict[str, str], result: Any, staff: StaffPrincipal) -> bytes:
    zh, en = TITLES[kind]
    fields = tuple((k, v) for k, v in q.items() if v and k not in ("device",))
    content = Content(kind, zh, en, fields, tuple(f"{s.zh}\n{s.en}" for s in result.steps), (),
                      tuple(sorted({s.rule for s in result.steps if s.rule})))  # fmt: skip
    now = datetime.now(TAIPEI)
    return render(content, Header("計算結果 Calculation", "戶政事務所 Household registration office", now,
                                  staff.display_name, f"calc:{kind}"))  # fmt: skip


@router.get("/staff/counter")
def index(request: Request, staff: CounterPage) -> Response:
    return page(request, "counter_index.html", titles=TITLES)


@router.get("/staff/counter/calc/{kind}")
def calculator(request: Request, kind: str, staff: CounterPage, session: SessionDep) -> Response:
    if kind not in TITLES:
        return page(
            request, "counter_index.html", 404, titles=TITLES, error=f"沒有這個計算器 No calculator {kind!r}"
        )
    q = {k: v for k, v in request.query_params.items() if len(v) <= 4000}
    result, error = None, None
    if q.get("go"):
        q.pop("go")
        try:
            result = run(kind, q)
        except calc.CalcError as exc:
            error = exc
    devices = a4_devices(session)
    chosen = request.cookies.get(COUNTER_COOKIE, devices[0].id if devices else "")
    status = 400 if error else 200
    return page(request, "counter_calc.html", status, kind=kind, title=TITLES[kind], q=q, result=result,
                calc_error=error, devices=devices, chosen=chosen)  # fmt: skip


@router.post("/staff/counter/calc/{kind}/print")
async def print_calc(request: Request, kind: str, staff: CounterPage, session: SessionDep) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if len(str(v)) <= 4000}
    device = form.pop("device", "")
    try:
        result = run(kind, form)
        pdf = reasoning_pdf(kind, form, result, staff)
        job = send_to_counter(session, getattr(request.app.state, "hub_link", None), device, pdf,
                              TITLES[kind][0], None)  # fmt: skip
    except (calc.CalcError, PrintError) as exc:
        return page(request, "counter_calc.html", 400, kind=kind, title=TITLES[kind], q=form, result=None,
                    calc_error=exc if isinstance(exc, calc.CalcError) else None, error=str(exc),
                    devices=a4_devices(session), chosen=device)  # fmt: skip
    response = RedirectResponse(f"/staff/counter/jobs/{job}", status_code=303)
    response.set_cookie(COUNTER_COOKIE, device, httponly=True, samesite="strict", max_age=30 * 86400)
    return response
