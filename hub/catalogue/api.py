"""Catalogue HTTP API: the public list of services, and staff edits (supervisor)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from hub.api.deps import SessionDep
from hub.catalogue.model import CatalogueError, Service
from hub.catalogue.store import current_catalogue, save_edit
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1", tags=["catalogue"])
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]


@router.get("/services", response_model=list[Service])
def services(session: SessionDep) -> list[Service]:
    """Every service: agency, channels, identity needed, documents, forms, fees, time limit, milestones."""
    return list(current_catalogue(session).services)


@router.get("/services/{code}", response_model=Service, responses={404: {"description": "unknown service"}})
def service(code: str, session: SessionDep) -> Service:
    try:
        return current_catalogue(session).get(code)
    except CatalogueError as exc:
        raise HTTPException(404, str(exc)) from None


@router.put("/services/{code}", responses={422: {"description": "invalid service"}})
def edit_service(code: str, body: dict[str, Any], staff: Supervisor, session: SessionDep) -> dict[str, Any]:
    """Replace a service's definition (validated like the shipped YAML); its forms must be in the forms library."""
    if body.get("code") != code:
        raise HTTPException(422, f"the body's code must be {code}")
    try:
        with session.begin():
            version = save_edit(session, body, staff.name)
    except CatalogueError as exc:
        raise HTTPException(422, str(exc)) from None
    return {"code": code, "version": version}
