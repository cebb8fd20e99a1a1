"""HTTP API of N+e (/api/v1/nplus-e): agencies, consents and their printed form, batches, deliveries."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from hub.api.deps import SessionDep, SettingsDep
from hub.nplus_e import consent_form, service, signing
from hub.nplus_e.catalogue import load
from hub.nplus_e.models import NplusEConsent, NplusEDelivery, NplusENotice
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role
from wire import now_ms

router = APIRouter(prefix="/api/v1/nplus-e", tags=["nplus-e"])
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]
ConsentId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$", description="a consent's reference")]
Day = Annotated[date, PathParam(description="the batch day, YYYY-MM-DD")]
AgencyCode = Annotated[str, PathParam(pattern=r"^[a-z0-9-]{1,32}$")]


def fail(exc: service.NplusEError) -> HTTPException:
    return HTTPException(exc.status, {"field": exc.field, "message": exc.message})


@router.get("/agencies")
def agencies() -> dict[str, Any]:
    """The 11 kinds and 71 agencies, each with the seed line it comes from."""
    c = load()
    return {
        "kinds": [{"code": k.code, "zh": k.zh, "en": k.en, "cite": str(k.cite)} for k in c.kinds],
        "agencies": [
            {"code": a.code, "kind": a.kind, "name": a.name, "cite": str(a.cite) if a.cite else None}
            for a in c.agencies
        ],
        "total_cite": str(c.total_cite),
    }


class ConsentOut(BaseModel):
    id: str
    day: str
    agencies: list[str]
    form_url: str


@router.post("/consents", status_code=201)
def create_consent(
    body: service.ConsentIn, session: SessionDep, settings: SettingsDep, staff: Counter
) -> ConsentOut:
    """Record the citizen's signed consent and the agencies to notify; 422 names the field, nothing stored."""
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        consent = service.record_consent(session, body, staff.name, load(), secret, now_ms())
    except service.NplusEError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return ConsentOut(
        id=consent.id,
        day=consent.day,
        agencies=body.agencies,
        form_url=f"/api/v1/nplus-e/consents/{consent.id}/form.pdf",
    )


def consent_pdf(session: Any, consent_id: str) -> bytes:
    consent = session.get(NplusEConsent, consent_id)
    if consent is None:
        raise HTTPException(404, {"field": "consent_id", "message": "no such consent"})
    codes = list(session.scalars(select(NplusENotice.agency).where(NplusENotice.consent_id == consent_id)))
    return consent_form.render(consent, codes, load())


@router.get("/consents/{consent_id}/form.pdf")
def consent_form_pdf(consent_id: ConsentId, session: SessionDep, staff: Counter) -> Response:
    """The one consent form to print and have signed (A4 PDF)."""
    return Response(consent_pdf(session, consent_id), media_type="application/pdf")


class BuildOut(BaseModel):
    day: date
    built: int
    unchanged: int
    records: int


@router.post("/batches/{day}")
def build(day: Day, session: SessionDep, settings: SettingsDep, staff: Supervisor) -> BuildOut:
    """Build (or re-check, byte for byte) the day's files now instead of waiting for the daily run."""
    signer = signing.load_or_create(Path(settings.nplus_e_signing_key))
    try:
        result = service.build_day(session, day, load(), signer, now_ms())
    except service.NplusEError as exc:
        raise fail(exc) from None
    except service.BatchChanged as exc:
        raise HTTPException(409, {"field": "day", "message": str(exc)}) from None
    session.commit()
    return BuildOut(day=result.day, built=result.built, unchanged=result.unchanged, records=result.records)


class DeliveryOut(BaseModel):
    day: str
    agency: str
    status: str
    attempts: int
    next_attempt_at: int
    delivered_at: int | None
    last_error: str | None


@router.get("/deliveries")
def deliveries(session: SessionDep, staff: Counter, day: date | None = None) -> list[DeliveryOut]:
    query = select(NplusEDelivery).order_by(NplusEDelivery.day.desc(), NplusEDelivery.agency)
    if day is not None:
        query = query.where(NplusEDelivery.day == day.isoformat())
    return [DeliveryOut.model_validate(r, from_attributes=True) for r in session.scalars(query.limit(2000))]


@router.post("/deliveries/{day}/{agency}/retry")
def retry(
    day: Day, agency: AgencyCode, request: Request, session: SessionDep, staff: Supervisor
) -> DeliveryOut:
    try:
        row = service.retry_now(session, day.isoformat(), agency, staff.name, now_ms())
    except service.NplusEError as exc:
        raise fail(exc) from None
    session.commit()
    task = getattr(request.app.state, "nplus_e_task", None)
    if task is not None:
        task.kick()
    return DeliveryOut.model_validate(row, from_attributes=True)


class DestinationIn(BaseModel):
    url: str = Field(max_length=300, description="sftp://user@host:port/dir or https://...")
    host_key: str | None = Field(
        default=None, max_length=2000, description="SFTP: the server's public host key"
    )
    token: str | None = Field(default=None, max_length=200, description="HTTPS: bearer token")


@router.put("/destinations/{agency}")
def put_destination(
    agency: AgencyCode, body: DestinationIn, session: SessionDep, staff: Supervisor
) -> dict[str, str]:
    try:
        service.set_destination(session, load(), agency, body.url, body.host_key, body.token)
    except service.NplusEError as exc:
        raise fail(exc) from None
    from hub.staff.accounts import audit

    audit(session, staff.name, "nplus_e.destination", agency, {"url": body.url})
    session.commit()
    return {"agency": agency, "url": body.url}
