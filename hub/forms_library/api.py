"""The library as JSON for staff programs: the index in force and one version's file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response
from sqlalchemy import select

from hub.api.deps import SessionDep
from hub.forms_library import service
from hub.forms_library.models import FormVersion
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1/forms", tags=["forms library"])
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]


@router.get("")
def library_index(session: SessionDep, staff: Counter) -> dict[str, Any]:
    """Every category and every form's version in force (what agents get with ``forms.sync``)."""
    revision, cats, entries = service.index(session)
    return {"revision": revision, "categories": [c.model_dump() for c in cats],
            "forms": [e.model_dump() for e in entries]}  # fmt: skip


@router.get("/{code}/versions")
def form_versions(code: str, session: SessionDep, staff: Counter) -> list[dict[str, Any]]:
    if session.get(service.LibraryForm, code) is None:
        raise HTTPException(404, f"no form {code!r}")
    return [{"version": v.version, "effective": v.effective, "kind": v.kind, "sha256": v.sha256, "size": v.size,
             "note": v.note, "changed_by": v.changed_by, "changed_at": v.changed_at}
            for v in service.history(session, code)]  # fmt: skip


@router.get("/{code}/versions/{version}/file")
def version_file(code: str, version: int, session: SessionDep, staff: Counter) -> Response:
    row = session.scalar(select(FormVersion).where(FormVersion.form == code, FormVersion.version == version))
    if row is None:
        raise HTTPException(404, f"no version {version} of form {code!r}")
    media = "application/pdf" if row.kind == "pdf" else "application/json"
    return Response(row.content, media_type=media, headers={"ETag": f'"{row.sha256}"'})
