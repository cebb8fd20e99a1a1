"""FAQ pages: the public search (by category and by words) and the staff editor (supervisors)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hub.api.deps import SessionDep
from hub.faq.models import FaqEntry
from hub.faq.service import PAGE, FaqError, categories, delete, save, search
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page

router = APIRouter()


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from this feature's templates (hub/faq/templates, found by hub.web.render's prefix loader)."""
    return page(request, f"faq/{template}", status_code, **context)


SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]
Text = Annotated[str, Form(max_length=4000)]


def _list(
    request: Request, session: Any, template: str, q: str, category: str, page: int, **extra: Any
) -> Response:
    try:
        found = search(session, q, category=category or None, limit=PAGE, offset=page * PAGE)
    except FaqError as exc:
        return render(request, template, 422, error=exc.message, q=q, category=category, found=None,
                      categories=categories(session), page=0, pages=1)  # fmt: skip
    pages = max(1, -(-found.total // PAGE))
    return render(request, template, q=q, category=category, found=found, categories=categories(session),
                  page=page, pages=pages, **extra)  # fmt: skip


@router.get("/faq")
def public_faq(
    request: Request, session: SessionDep, q: str = "", category: str = "", page: int = 0
) -> Response:
    return _list(request, session, "faq_public.html", q[:200], category[:40], max(0, min(page, 1000)))


@router.get("/staff/faq")
def staff_faq(request: Request, staff: SupervisorPage, session: SessionDep, q: str = "", category: str = "",
              page: int = 0) -> Response:  # fmt: skip
    return _list(request, session, "faq_staff.html", q[:200], category[:40], max(0, min(page, 1000)))


@router.get("/staff/faq/{entry_id}")
def staff_faq_edit(request: Request, entry_id: int, staff: SupervisorPage, session: SessionDep) -> Response:
    entry = session.get(FaqEntry, entry_id) if entry_id else None
    if entry_id and entry is None:
        return render(request, "faq_edit.html", 404, error=f"no FAQ entry {entry_id}", entry=None, values={})
    values = (
        {f: getattr(entry, f) or "" for f in ("agency", "category", "service", "question", "answer")}
        if entry
        else {}
    )
    return render(request, "faq_edit.html", entry=entry, values=values, categories=categories(session))


@router.post("/staff/faq/{entry_id}")
def staff_faq_save(
    request: Request, entry_id: int, staff: SupervisorPage, session: SessionDep,
    agency: Text = "", category: Text = "", service: Text = "", question: Text = "", answer: Text = "",
    action: Annotated[str, Form(max_length=10)] = "save",
) -> Response:  # fmt: skip
    values = {
        "agency": agency,
        "category": category,
        "service": service,
        "question": question,
        "answer": answer,
    }
    try:
        with session.begin():
            if action == "delete":
                delete(session, entry_id, staff.name)
                return RedirectResponse("/staff/faq", status_code=303)
            entry = save(session, values, staff.name, entry_id or None)
    except FaqError as exc:
        return render(request, "faq_edit.html", exc.status, error=f"{exc.field}: {exc.message}",
                      entry=session.get(FaqEntry, entry_id) if entry_id else None, values=values,
                      categories=categories(session))  # fmt: skip
    return RedirectResponse(f"/staff/faq?q=&category={entry.category}", status_code=303)
