"""Staff pages of N+e (zh-TW first): record a consent with the agencies to notify, print its one form, and the
delivery status per agency and day."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import func, select

from hub.api.deps import SessionDep, SettingsDep
from hub.core.offices import OFFICES
from hub.nplus_e import service
from hub.nplus_e.api import consent_pdf
from hub.nplus_e.catalogue import CHANGE_KINDS, load
from hub.nplus_e.models import NplusEBatch, NplusEConsent, NplusEDelivery, NplusENotice
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page
from wire import now_ms

router = APIRouter(prefix="/staff/nplus-e", include_in_schema=False)
StaffPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
STATUS_ZH = {"pending": "待送", "retrying": "重試中", "delivered": "已送達", "failed": "失敗"}


def _form_page(
    request: Request, session: SessionDep, form: dict[str, object], error: str = "", status: int = 200
) -> HTMLResponse:
    recent = session.scalars(select(NplusEConsent).order_by(NplusEConsent.created_at.desc()).limit(20)).all()
    counts = dict(
        session.execute(
            select(NplusENotice.consent_id, func.count())
            .where(NplusENotice.consent_id.in_([c.id for c in recent]))
            .group_by(NplusENotice.consent_id)
        ).all()
    )
    return page(
        request,
        "nplus_e/consent.html",
        status,
        catalogue=load(),
        offices=OFFICES,
        changes=CHANGE_KINDS,
        form=form,
        error=error,
        recent=recent,
        counts=counts,
    )


@router.get("", response_class=HTMLResponse)
def consent_page(request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    return _form_page(request, session, {"office": staff.agency or "", "agencies": []})


@router.post("", response_class=HTMLResponse)
async def consent_submit(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffPage
) -> Response:
    raw = await request.form()
    form: dict[str, object] = {k: str(v) for k, v in raw.items() if k != "agencies"}
    form["agencies"] = [str(v) for v in raw.getlist("agencies")]
    try:
        body = service.ConsentIn.model_validate(form)
        secret = settings.household_id_key.get_secret_value().encode()
        consent = service.record_consent(session, body, staff.name, load(), secret, now_ms())
    except ValidationError as exc:
        session.rollback()
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        form.pop("national_id", None)  # never echoed back into the page
        return _form_page(
            request, session, form, f"{field}: {first['msg'].removeprefix('Value error, ')}", 422
        )
    except service.NplusEError as exc:
        session.rollback()
        form.pop("national_id", None)
        return _form_page(request, session, form, str(exc), exc.status)
    session.commit()
    return RedirectResponse(f"/staff/nplus-e/consents/{consent.id}", status_code=303)


@router.get("/consents/{consent_id}", response_class=HTMLResponse)
def consent_done(consent_id: str, request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    consent = session.get(NplusEConsent, consent_id[:32])
    if consent is None:
        return page(request, "nplus_e/consent_done.html", 404, consent=None, agencies=[])
    codes = session.scalars(select(NplusENotice.agency).where(NplusENotice.consent_id == consent.id)).all()
    catalogue = load()
    names = [catalogue.agency(c).name for c in codes if catalogue.agency(c) is not None]  # type: ignore[union-attr]
    return page(request, "nplus_e/consent_done.html", consent=consent, agencies=names, offices=OFFICES)


@router.get("/consents/{consent_id}/form.pdf")
def consent_form(consent_id: str, session: SessionDep, staff: StaffPage) -> Response:
    return Response(consent_pdf(session, consent_id[:32]), media_type="application/pdf")


@router.get("/deliveries", response_class=HTMLResponse)
def deliveries_page(
    request: Request, session: SessionDep, staff: StaffPage, day: Annotated[date | None, Query()] = None
) -> HTMLResponse:
    days = session.scalars(
        select(NplusEDelivery.day).distinct().order_by(NplusEDelivery.day.desc()).limit(30)
    ).all()
    shown = day.isoformat() if day else (days[0] if days else None)
    rows = (
        session.scalars(
            select(NplusEDelivery).where(NplusEDelivery.day == shown).order_by(NplusEDelivery.agency)
        ).all()
        if shown
        else []
    )
    catalogue = load()
    names = {a.code: a.name for a in catalogue.agencies}
    records = dict(
        session.execute(select(NplusEBatch.agency, NplusEBatch.records).where(NplusEBatch.day == shown)).all()
    )
    return page(
        request,
        "nplus_e/deliveries.html",
        days=days,
        day=shown,
        rows=rows,
        names=names,
        records=records,
        total=sum(records.values()),
        status_zh=STATUS_ZH,
    )
