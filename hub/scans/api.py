"""HTTP for counter scans (/api/v1/scans): ask the counter's agent to scan; poll for its pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from hub.api.deps import HubLinkDep, SessionDep
from hub.documents.models import DocumentBlob
from hub.scans import service
from hub.scans.models import CounterScan, CounterScanPage
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1/scans", tags=["scans"])
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]
Hex32 = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]


class ScanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    device: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="the counter PC's agent")
    purpose: str = Field(default="seal", max_length=16)


@router.post("", status_code=202)
def request_scan(body: ScanIn, session: SessionDep, link: HubLinkDep, staff: Counter) -> dict[str, Any]:
    try:
        scan = service.request_scan(session, link, body.device, body.purpose, staff.name)
    except service.ScanError as exc:
        session.rollback()
        raise HTTPException(exc.status, {"field": exc.field, "message": exc.message}) from None
    return {"batch": scan.batch, "device": scan.device}


@router.get("/{batch}")
def scan_state(batch: Hex32, session: SessionDep, staff: Counter) -> dict[str, Any]:
    scan = session.get(CounterScan, batch)
    if scan is None:
        raise HTTPException(404, {"field": "batch", "message": "no such scan"})
    indexes = session.scalars(
        select(CounterScanPage.page_index)
        .where(CounterScanPage.batch == batch)
        .order_by(CounterScanPage.page_index)
    ).all()
    done = scan.completed_at is not None and len(indexes) >= (scan.page_count or 0)
    return {
        "batch": batch,
        "complete": done and not scan.error,
        "error": scan.error,
        "pages": [f"/api/v1/scans/{batch}/pages/{i}" for i in indexes],
    }


@router.get("/{batch}/pages/{index}")
def scan_page(
    batch: Hex32, index: Annotated[int, PathParam(ge=0, le=999)], session: SessionDep, staff: Counter
) -> Response:
    row = session.get(CounterScanPage, (batch, index))
    blob = session.get(DocumentBlob, row.sha256) if row is not None else None
    if blob is None:
        raise HTTPException(404, {"field": "index", "message": "no such page"})
    return Response(blob.data, media_type=blob.media_type, headers={"Cache-Control": "private, max-age=3600"})
