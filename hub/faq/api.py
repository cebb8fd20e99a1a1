"""FAQ HTTP API: public search and browse; supervisors add, edit and delete entries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from hub.api.deps import SessionDep
from hub.faq.models import FaqEntry
from hub.faq.service import PAGE, FaqError, agencies, categories, delete, save, search
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1", tags=["faq"])
#: The citizens' read routes (kiosk, web, 10,000 questions): the app matches them before every feature's
#: routes (``public_router`` in hub/features.py), so a search does not first walk ~200 staff routes.
public_router = APIRouter(prefix="/api/v1", tags=["faq"])
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]


def view(entry: FaqEntry) -> dict[str, Any]:
    return {"id": entry.id, "category": entry.category, "agency": entry.agency, "service": entry.service,
            "question": entry.question, "answer": entry.answer, "source": entry.source}  # fmt: skip


def _http(exc: FaqError) -> HTTPException:
    return HTTPException(exc.status, {"field": exc.field, "message": exc.message})


def _search_page(
    sessions: sessionmaker[Session], q: str, category: str | None, agency: str | None, page: int
) -> dict[str, Any]:
    """Session, search and the JSON body in one worker-thread call (the event loop is never blocked)."""
    with sessions() as session:
        found = search(session, q, category=category, agency=agency, limit=PAGE, offset=page * PAGE)
        return {"total": found.total, "page": page, "items": [view(e) for e in found.entries]}


@public_router.get(
    "/faq",
    response_class=JSONResponse,
    responses={
        200: {"description": "total (up to 200+), page, items"},
        422: {"description": "query too long"},
    },
)
async def faq(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    category: Annotated[str | None, Query(max_length=40)] = None,
    agency: Annotated[str | None, Query(max_length=60)] = None,
    page: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> JSONResponse:
    """Search (every word must occur; Chinese matched by character bigrams) or browse a category/agency.

    One hop to a worker thread for the whole look-up, and the body serialised once: a sync route with a
    SessionDep took four (session open, route, response check, session close), each a wait for a thread
    and the event loop, which is what the tail was made of on a busy machine (docs/faq.md)."""
    try:
        body = await run_in_threadpool(_search_page, request.app.state.sessions, q, category, agency, page)
    except FaqError as exc:
        raise _http(exc) from None
    return JSONResponse(body)


@public_router.get("/faq/categories")
def faq_categories(session: SessionDep) -> dict[str, Any]:
    return {
        "categories": [{"name": c, "count": n} for c, n in categories(session)],
        "agencies": agencies(session),
    }


@router.post("/faq", status_code=201, responses={422: {"description": "a field is missing or too long"}})
def faq_create(
    staff: Supervisor, session: SessionDep, body: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    try:
        with session.begin():
            return view(save(session, body, staff.name))
    except FaqError as exc:
        raise _http(exc) from None


@router.put(
    "/faq/{entry_id}", responses={404: {"description": "no such entry"}, 422: {"description": "bad field"}}
)
def faq_update(
    entry_id: int, staff: Supervisor, session: SessionDep, body: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    try:
        with session.begin():
            return view(save(session, body, staff.name, entry_id))
    except FaqError as exc:
        raise _http(exc) from None


@router.delete("/faq/{entry_id}", status_code=204, responses={404: {"description": "no such entry"}})
def faq_delete(entry_id: int, staff: Supervisor, session: SessionDep) -> None:
    try:
        with session.begin():
            delete(session, entry_id, staff.name)
    except FaqError as exc:
        raise _http(exc) from None
