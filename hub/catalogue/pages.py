"""Supervisor pages of the service catalogue: the list of services and editing one service's YAML."""

from __future__ import annotations

from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from hub.api.deps import SessionDep
from hub.catalogue.model import CatalogueError
from hub.catalogue.models import CatalogueEdit
from hub.catalogue.store import current_catalogue, save_edit
from hub.forms_library.service import in_force
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page

router = APIRouter(include_in_schema=False)
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]


@router.get("/staff/catalogue")
def catalogue_page(request: Request, staff: SupervisorPage, session: SessionDep) -> Response:
    edited = {e.code: e.version for e in session.scalars(select(CatalogueEdit))}
    catalogue = current_catalogue(session)
    return page(
        request,
        "catalogue/catalogue.html",
        services=catalogue.services,
        groups=catalogue.groups,
        edited=edited,
        form_versions={code: v.version for code, v in in_force(session).items()},
    )


@router.get("/staff/catalogue/{code}")
def service_edit_page(request: Request, code: str, staff: SupervisorPage, session: SessionDep) -> Response:
    try:
        service = current_catalogue(session).get(code)
    except CatalogueError as exc:
        return page(request, "base.html", 404, error=str(exc))
    text = yaml.safe_dump(service.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=100)
    return page(request, "catalogue/service_edit.html", code=code, text=text)


@router.post("/staff/catalogue/{code}")
def service_edit(
    request: Request,
    code: str,
    staff: SupervisorPage,
    session: SessionDep,
    text: Annotated[str, Form(alias="yaml", max_length=100_000)],
) -> Response:
    try:
        data: Any = yaml.safe_load(text)
        if not isinstance(data, dict) or data.get("code") != code:
            raise CatalogueError(f"the definition must be a mapping whose code is {code}")
        with session.begin():
            save_edit(session, data, staff.name)
    except (CatalogueError, yaml.YAMLError) as exc:
        return page(
            request,
            "catalogue/service_edit.html",
            422,
            code=code,
            text=text,
            error=f"未儲存 Not saved: {exc}",
        )
    return RedirectResponse("/staff/catalogue", status_code=303)
