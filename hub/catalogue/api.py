"""Catalogue HTTP API: the public list of services, and staff edits (supervisor)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from hub.api.deps import SessionDep
from hub.catalogue.model import CatalogueError, Service
from hub.catalogue.store import current_catalogue, save_edit
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1", tags=["catalogue"])
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]


@router.get("/services", response_model=list[Service], responses={404: {"description": "unknown group"}})
def services(session: SessionDep, group: Annotated[str | None, Query(max_length=32)] = None) -> list[Service]:
    """Every service (or one group's): agency, channels, identity needed, documents, forms, fees, time
    limit, milestones, and the seed line that names it."""
    catalogue = current_catalogue(session)
    if group is None:
        return list(catalogue.services)
    try:
        return list(catalogue.in_group(group))
    except CatalogueError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/service-groups")
def service_groups(session: SessionDep) -> list[dict[str, Any]]:
    """The groups in order, each with its services' codes, names and channels (seed 004 attachment 1)."""
    catalogue = current_catalogue(session)
    return [
        {
            **group.model_dump(mode="json"),
            "services": [
                {
                    "code": s.code,
                    "name": s.name,
                    "name_en": s.name_en,
                    "channels": [c.value for c in s.channels],
                }
                for s in catalogue.in_group(group.code)
            ],
        }
        for group in catalogue.groups
    ]


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
