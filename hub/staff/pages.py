"""Supervisor page of staff accounts: the audit log of every change made by staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from hub.api.deps import SessionDep
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.audit_text import ACTIONS, detail_items
from hub.staff.models import AuditEntry
from hub.web.auth import page_role
from hub.web.render import page

router = APIRouter(include_in_schema=False)
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]


@router.get("/staff/audit")
def audit_page(request: Request, staff: SupervisorPage, session: SessionDep) -> Response:
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(200)).all()
    return page(request, "staff/audit.html", entries=entries, actions=ACTIONS, detail_items=detail_items)
