"""HTTP API of seals (/api/v1/seals): register, look up from any office, cancel, compare, decide, images."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from hub.api.deps import SessionDep, SettingsDep
from hub.core.images import MAX_BYTES
from hub.core.uploads import refuse_large_body
from hub.scans import service as scans
from hub.seals import service
from hub.seals.models import SealComparison, SealImage, SealRecord
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role
from wire import now_ms

router = APIRouter(prefix="/api/v1/seals", tags=["seals"])
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]
Hex32 = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]
Sha = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]


def fail(exc: service.SealError) -> HTTPException:
    return HTTPException(exc.status, {"field": exc.field, "message": exc.message})


async def read_upload(upload: UploadFile, field: str) -> bytes:
    """At most MAX_BYTES + 1 bytes (so an over-long chunked upload is still recognised as too large)."""
    data = await upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise HTTPException(413, {"field": field, "message": f"larger than {MAX_BYTES // (1024 * 1024)} MB"})
    return data


Guard = Annotated[None, Depends(refuse_large_body)]


async def image_bytes(session: Any, upload: UploadFile | None, scan: str | None, field: str) -> bytes:
    """The uploaded file, or the image a counter scan (``scan`` = its batch) delivered."""
    if upload is not None and scan is not None:
        raise HTTPException(422, {"field": field, "message": "send a file or a scan, not both"})
    if upload is not None:
        return await read_upload(upload, field)
    if scan is None:
        raise HTTPException(
            422, {"field": field, "message": "an image is required: upload a file or scan one"}
        )
    try:
        return scans.pages(session, scan)[0]
    except scans.ScanError as exc:
        raise HTTPException(exc.status, {"field": exc.field, "message": exc.message}) from None


class RecordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    owner_masked: str
    owner_name: str
    kind: str
    office: str
    registered_on: str
    status: str
    image_sha256: str


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    status: str
    office: str
    staff: str
    at: int
    note: str


class ComparisonOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    record_id: str
    score: float
    rotation_deg: float
    scale: float
    shift_x: float
    shift_y: float
    presented_sha256: str
    registered_view_sha256: str
    aligned_sha256: str
    overlay_sha256: str
    difference_sha256: str
    office: str
    staff: str
    decision: str | None
    decided_by: str | None
    advice: str = ""


def comparison_out(row: SealComparison) -> ComparisonOut:
    from hub.seals.compare import ADVICE_THRESHOLD

    out = ComparisonOut.model_validate(row)
    out.advice = "alike" if row.score >= ADVICE_THRESHOLD else "differs"
    return out


@router.post("/records", status_code=201)
async def register(
    _: Guard,
    session: SessionDep,
    settings: SettingsDep,
    staff: Counter,
    national_id: Annotated[str, Form(max_length=64)],
    name: Annotated[str, Form(max_length=100)],
    office: Annotated[str, Form(max_length=63)],
    image: Annotated[UploadFile | None, File()] = None,
    scan: Annotated[str | None, Form(pattern=r"^[0-9a-f]{32}$")] = None,
    kind: Annotated[service.Kind, Form()] = service.Kind.SEAL,
) -> RecordOut:
    data = await image_bytes(session, image, scan, "image")
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        record = service.register(
            session, national_id=national_id, name=name, kind=kind, office=office, image=data,
            staff=staff.name, secret=secret, now_ms=now_ms(),
        )  # fmt: skip
    except service.SealError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return RecordOut.model_validate(record)


class LookupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    national_id: str = Field(max_length=64)


@router.post("/lookup")
def lookup(body: LookupIn, session: SessionDep, settings: SettingsDep, staff: Counter) -> list[RecordOut]:
    """A person's seals and signatures from every office (POST: the ID never appears in a URL or log)."""
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        records = service.lookup(session, body.national_id, secret, staff.name)
    except service.SealError as exc:
        raise fail(exc) from None
    session.commit()
    return [RecordOut.model_validate(r) for r in records]


@router.get("/records/{record_id}")
def record(record_id: Hex32, session: SessionDep, staff: Counter) -> dict[str, Any]:
    row = session.get(SealRecord, record_id)
    if row is None:
        raise HTTPException(404, {"field": "record_id", "message": "no such seal record"})
    return {
        "record": RecordOut.model_validate(row),
        "history": [EventOut.model_validate(e) for e in service.history(session, record_id)],
    }


class CancelIn(BaseModel):
    office: str = Field(max_length=63)
    note: str = Field(default="", max_length=500)


@router.post("/records/{record_id}/cancel")
def cancel(record_id: Hex32, body: CancelIn, session: SessionDep, staff: Counter) -> RecordOut:
    try:
        row = service.cancel(session, record_id, body.office, staff.name, body.note, now_ms())
    except service.SealError as exc:
        raise fail(exc) from None
    session.commit()
    return RecordOut.model_validate(row)


@router.post("/records/{record_id}/comparisons", status_code=201)
async def compare(
    record_id: Hex32,
    _: Guard,
    session: SessionDep,
    staff: Counter,
    office: Annotated[str, Form(max_length=63)],
    presented: Annotated[UploadFile | None, File()] = None,
    scan: Annotated[str | None, Form(pattern=r"^[0-9a-f]{32}$")] = None,
) -> ComparisonOut:
    data = await image_bytes(session, presented, scan, "presented")
    try:
        done = service.compare(session, record_id, data, office, staff.name, now_ms())
    except service.SealError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return comparison_out(done.comparison)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: service.Decision
    note: str = Field(default="", max_length=500)


@router.post("/comparisons/{comparison_id}/decision")
def decide(comparison_id: Hex32, body: DecisionIn, session: SessionDep, staff: Counter) -> ComparisonOut:
    try:
        row = service.decide(session, comparison_id, body.decision, staff.name, body.note, now_ms())
    except service.SealError as exc:
        raise fail(exc) from None
    session.commit()
    return comparison_out(row)


@router.get("/images/{sha256}.png")
def image(sha256: Sha, session: SessionDep, staff: Counter) -> Response:
    row = session.get(SealImage, sha256)
    if row is None:
        raise HTTPException(404, {"field": "sha256", "message": "no such image"})
    return Response(row.data, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})
