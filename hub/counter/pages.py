"""Staff pages of administrative documents: forms with preview, issue, the register with search, re-print,
print at this counter with the job's state."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select

from hub.api.deps import SessionDep, SettingsDep
from hub.cases.calendar import taiwan_calendar
from hub.counter import service
from hub.counter.calc import CalcError
from hub.counter.docs.model import shipped_catalogue
from hub.counter.models import CounterPrintJob
from hub.counter.web import COUNTER_COOKIE, PrintError, a4_devices, page, send_to_counter
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import TAIPEI

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
MAX_VALUE = 4000


def _form_values(form: Any) -> dict[str, str]:
    return {k: str(v)[:MAX_VALUE] for k, v in form.multi_items() if k != "missing"} | {
        "missing": "\n".join(str(v) for v in form.getlist("missing"))
    }


def _office(settings: Any) -> tuple[str, str]:
    return getattr(settings, "counter_office", "XT"), getattr(settings, "counter_office_name", "戶政事務所")


def _form_page(
    request: Request, kind: str, values: dict[str, str], status: int = 200, **extra: Any
) -> Response:
    cat = shipped_catalogue()
    return page(request, "counter_doc_form.html", status, kind=kind, spec=cat.kinds.get(kind), values=values,
                checklists=cat.checklists, kinds=cat.kinds, **extra)  # fmt: skip


@router.get("/staff/counter/documents/new/{kind}")
def new_document(request: Request, kind: str, staff: CounterPage) -> Response:
    if kind not in shipped_catalogue().kinds:
        return _form_page(request, "notice", {}, 404, error=f"沒有這種文件 No document kind {kind!r}")
    return _form_page(request, kind, dict(request.query_params))


@router.post("/staff/counter/documents/preview")
async def preview(request: Request, staff: CounterPage, settings: SettingsDep) -> Response:
    values = _form_values(await request.form())
    office, office_name = _office(settings)
    try:
        pdf = service.preview(shipped_catalogue(), taiwan_calendar(), kind=values.get("kind", ""), values=values,
                              office=office, office_name=office_name, staff=staff.display_name,
                              now=datetime.now(TAIPEI))  # fmt: skip
    except CalcError as exc:
        return JSONResponse(exc.as_dict(), status_code=400)
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": "inline; filename=preview.pdf"}
    )


@router.post("/staff/counter/documents")
async def issue(request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep) -> Response:
    values = _form_values(await request.form())
    kind = values.get("kind", "")
    office, office_name = _office(settings)
    try:
        with session.begin():
            doc = service.issue(
                session, shipped_catalogue(), taiwan_calendar(), office=office, office_name=office_name, kind=kind,
                values=values, staff=staff.display_name, now=datetime.now(TAIPEI),
                secret=settings.light_id_key.get_secret_value().encode(), base_url=settings.public_url,
                national_id=values.get("national_id", ""), case_no=values.get("case_no", ""),
            )  # fmt: skip
            number = doc.number
    except CalcError as exc:
        values.pop("national_id", None)  # never echoed back into the page
        return _form_page(request, kind, values, 400, calc_error=exc)
    return RedirectResponse(f"/staff/counter/documents/{number}", status_code=303)


@router.get("/staff/counter/documents")
def register(
    request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep, q: str = ""
) -> Response:
    docs = service.search(session, q[:100], settings.light_id_key.get_secret_value().encode())
    return page(request, "counter_register.html", docs=docs, q=q[:100], kinds=shipped_catalogue().kinds)


@router.get("/staff/counter/documents/{number}")
def document(request: Request, number: str, staff: CounterPage, session: SessionDep) -> Response:
    doc = service.find(session, number)
    if doc is None:
        return page(request, "counter_register.html", 404, docs=[], q=number, kinds=shipped_catalogue().kinds,
                    error=f"沒有文件 {number}。No document {number}.")  # fmt: skip
    jobs = session.scalars(select(CounterPrintJob).where(CounterPrintJob.document_no == number)
                           .order_by(CounterPrintJob.created_at.desc())).all()  # fmt: skip
    devices = a4_devices(session)
    chosen = request.cookies.get(COUNTER_COOKIE, devices[0].id if devices else "")
    return page(request, "counter_document.html", doc=doc, jobs=jobs, devices=devices, chosen=chosen)


@router.get("/staff/counter/documents/{number}/pdf")
def document_pdf(number: str, staff: CounterPage, session: SessionDep) -> Response:
    doc = service.find(session, number)
    if doc is None:
        return JSONResponse({"detail": f"no document {number}"}, status_code=404)
    return Response(
        doc.pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f"inline; filename={number}.pdf"},
    )


@router.post("/staff/counter/documents/{number}/print")
async def print_document(request: Request, number: str, staff: CounterPage, session: SessionDep) -> Response:
    device = str((await request.form()).get("device", ""))[:63]
    doc = service.find(session, number)
    if doc is None:
        return JSONResponse({"detail": f"no document {number}"}, status_code=404)
    try:
        job = send_to_counter(
            session, getattr(request.app.state, "hub_link", None), device, doc.pdf, number, number
        )
    except PrintError as exc:
        return page(request, "counter_document.html", 400, doc=service.find(session, number), jobs=[],
                    devices=a4_devices(session), chosen=device, error=str(exc))  # fmt: skip
    response = RedirectResponse(f"/staff/counter/jobs/{job}", status_code=303)
    response.set_cookie(COUNTER_COOKIE, device, httponly=True, samesite="strict", max_age=30 * 86400)
    return response


def _job_view(job: CounterPrintJob) -> dict[str, Any]:
    return {"job": job.job, "state": job.state, "reason": job.reason or "", "paper_out": job.paper_out,
            "device": job.device, "document_no": job.document_no, "final": job.state in ("completed", "failed")}  # fmt: skip


@router.get("/staff/counter/jobs/{job}.json")
def job_json(job: str, staff: CounterPage, session: SessionDep) -> Response:
    found = session.get(CounterPrintJob, job[:32])
    if found is None:
        return JSONResponse({"detail": "no such job"}, status_code=404)
    return JSONResponse(_job_view(found))


@router.get("/staff/counter/jobs/{job}")
def job_page(request: Request, job: str, staff: CounterPage, session: SessionDep) -> Response:
    found = session.get(CounterPrintJob, job[:32])
    if found is None:
        return page(request, "counter_index.html", 404, titles={}, error=f"沒有列印工作 No print job {job}")
    return page(request, "counter_job.html", job=_job_view(found))


def _include_other_pages() -> None:
    from hub.counter.calc_pages import router as calc_router
    from hub.counter.fees.pages import router as fee_router
    from hub.counter.tips_pages import router as tips_router

    router.include_router(calc_router)
    router.include_router(tips_router)
    router.include_router(fee_router)


_include_other_pages()
