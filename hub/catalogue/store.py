"""The catalogue in force: the shipped YAML with the staff edits stored in the database laid over it."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.catalogue.loader import parse_service, shipped_catalogue, with_edits
from hub.catalogue.model import Catalogue, CatalogueError
from hub.catalogue.models import CatalogueEdit
from hub.forms_library.service import forms as library_forms
from hub.staff.accounts import audit
from wire import now_ms

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control(value: Any) -> bool:
    """True if any text (or key) in a JSON-like structure holds a control character (line breaks are fine)."""
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_control(v) for v in value)
    return False


def current_catalogue(session: Session) -> Catalogue:
    edits = {e.code: e.data for e in session.scalars(select(CatalogueEdit))}
    return with_edits(shipped_catalogue(), edits)


def save_edit(session: Session, data: dict[str, Any], actor: str) -> int:
    """Validate and store a staff edit of one service; returns its new version. Its forms must be in the forms
    library (their versions are published there)."""
    if _has_control(data):
        raise CatalogueError(f"service {data.get('code', '?')}: a text contains control characters")
    catalogue = current_catalogue(session)
    try:
        before = catalogue.get(str(data.get("code")))
    except CatalogueError:
        before = None
    if data.get("group") is None and before is not None:  # an edit that leaves the group out keeps it
        data = {**data, "group": before.group}
    service = parse_service(data)
    try:
        catalogue.replace(service)  # the whole catalogue must still hold: the group exists
    except ValidationError as exc:
        message = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise CatalogueError(message) from None
    known = {f.code for f in library_forms(session)}
    unknown = [code for code in service.forms if code not in known]
    if unknown:
        raise CatalogueError(
            f"service {service.code}: forms {', '.join(unknown)} are not in the forms library (/staff/forms)"
        )
    row = session.get(CatalogueEdit, service.code)
    if row is None:
        row = CatalogueEdit(code=service.code, data={}, version=0, edited_by=actor, edited_at=0)
        session.add(row)
    row.data = service.model_dump(mode="json")
    row.version += 1
    row.edited_by, row.edited_at = actor, now_ms()
    audit(session, actor, "catalogue.edit", service.code, {"version": row.version})
    return row.version
