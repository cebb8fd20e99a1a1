"""Staff pages of the forms library (zh-TW first): browse by category, a form's versions and who changed
them, and — supervisors only — upload a new version (a PDF or template fields), check its preview, publish
it to every agent. One language per page (hub/web/i18n.py): the English is in messages.en.yaml."""

from __future__ import annotations

import base64
import logging
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from hub.api.deps import SessionDep
from hub.forms_library import service
from hub.forms_library.models import FormDraft
from hub.forms_library.mqtt import announce
from hub.forms_library.service import LibraryError
from hub.ingest.publisher import NotConnectedError
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.i18n import lang_of, roc_date, translate
from hub.web.render import page
from wire.payloads.forms import MAX_FORM_BYTES

log = logging.getLogger(__name__)
router = APIRouter()

StaffPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return page(request, f"forms_library/{template}", status_code, **context)


def said(request: Request, exc: LibraryError) -> Markup:
    """What was wrong, in the reader's language (the layout shows ``error``): dates in ROC years on zh-TW
    pages; what the user typed (a field key, a date) and a tool's own words marked as data."""
    lang = lang_of(request)

    def value(v: Any) -> Any:
        if isinstance(v, date):
            return roc_date(v, lang)
        return Markup('<span translate="no">{}</span>').format(v) if isinstance(v, str) else v

    text = escape(translate(lang, exc.text)).format(**{k: value(v) for k, v in exc.values.items()})
    if exc.line is not None:
        text = escape(translate(lang, "第 {line} 行：{problem}")).format(line=exc.line, problem=text)
    if exc.detail:
        text += Markup(' <code translate="no">{}</code>').format(exc.detail)
    return text


@router.get("/staff/forms")
def library_page(request: Request, staff: StaffPage, session: SessionDep, category: str = "") -> Response:
    cats = service.categories(session)
    chosen = category if any(c.code == category for c in cats) else (cats[0].code if cats else "")
    versions = service.in_force(session)
    rows = [(f, versions.get(f.code)) for f in service.forms(session, chosen)]
    counts: dict[str, int] = {}
    for f in service.forms(session):
        counts[f.category] = counts.get(f.category, 0) + 1
    return render(request, "library.html", categories=cats, chosen=chosen, rows=rows, counts=counts,
                  total=sum(counts.values()))  # fmt: skip


def _form_page(request: Request, session: Any, code: str, status: int = 200, **extra: Any) -> Response:
    try:
        form = service.get_form(session, code)
    except LibraryError as exc:
        return render(request, "form.html", exc.status, form=None, error=said(request, exc), versions=[])
    versions = service.history(session, code)
    current = service.in_force(session).get(code)
    fields = (
        service.template_text(current.content) if current is not None and current.kind == "template" else ""
    )
    rollout = service.rollout(session, code, current.version) if current is not None else (0, 0)
    values = {"fields": fields, "effective": service.today(), "note": "", **extra.pop("values", {})}
    return render(request, "form.html", status, form=form, versions=versions, current=current,
                  rollout=rollout, values=values, max_mb=MAX_FORM_BYTES // (1024 * 1024), **extra)  # fmt: skip


@router.get("/staff/forms/{code}")
def form_page(request: Request, code: str, staff: StaffPage, session: SessionDep) -> Response:
    return _form_page(request, session, code[:32])


@router.post("/staff/forms/{code}/drafts")
async def upload_draft(
    request: Request, code: str, staff: SupervisorPage, session: SessionDep,
    kind: Annotated[str, Form(max_length=10)] = "pdf",
    effective: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=400)] = "",
    fields: Annotated[str, Form(max_length=20_000)] = "",
    file: UploadFile | None = None,
) -> Response:  # fmt: skip
    content = await file.read(MAX_FORM_BYTES + 1) if file is not None and file.filename else b""
    values = {"kind": kind, "effective": effective, "note": note, "fields": fields}
    try:
        if kind == "pdf" and not content:
            raise LibraryError("file", "請選擇 PDF 檔")
        with session.begin():
            draft = service.make_draft(session, code[:32], kind=kind, content=content, fields=fields,
                                       effective=effective, note=note, actor=staff.name)  # fmt: skip
    except LibraryError as exc:
        return _form_page(request, session, code[:32], exc.status, error=said(request, exc), values=values)
    return RedirectResponse(f"/staff/forms/drafts/{draft.id}", status_code=303)


@router.get("/staff/forms/drafts/{draft_id}")
def draft_page(request: Request, draft_id: int, staff: SupervisorPage, session: SessionDep) -> Response:
    draft = session.get(FormDraft, draft_id)
    if draft is None:
        missing = LibraryError("draft", "沒有草稿 {draft}", 404, draft=draft_id)
        return render(request, "draft.html", 404, draft=None, error=said(request, missing))
    form = service.get_form(session, draft.form)
    png = service.preview_png(draft)
    preview = "data:image/png;base64," + base64.b64encode(png).decode() if png is not None else None
    pages = service.template_pages(draft.content) if draft.kind == "template" else []
    current = service.in_force(session).get(draft.form)
    return render(
        request, "draft.html", draft=draft, form=form, preview=preview, pages=pages, current=current
    )


@router.post("/staff/forms/drafts/{draft_id}/publish")
def publish_draft(request: Request, draft_id: int, staff: SupervisorPage, session: SessionDep) -> Response:
    try:
        with session.begin():
            version = service.publish(session, draft_id, staff.name)
            code = version.form
    except LibraryError as exc:
        draft = session.get(FormDraft, draft_id)
        return render(request, "draft.html", exc.status, draft=draft, form=None, preview=None, pages=[],
                      current=None, error=said(request, exc))  # fmt: skip
    told = _announce(request, session, code)
    return RedirectResponse(f"/staff/forms/{code}?published={version.version}&told={told}", status_code=303)


def _announce(request: Request, session: Any, code: str) -> int:
    """Announce the new version if it is in force today; -1 when the hub has no broker link right now (the
    agents still get it: they sync on every reconnect)."""
    link = getattr(request.app.state, "hub_link", None)
    versions = service.in_force(session)
    version = versions.get(code)
    if link is None or version is None:
        return -1
    try:
        return announce(link, session, version, service.revision(versions))
    except NotConnectedError as exc:
        log.warning("forms.changed not sent: %s", exc)
        return -1
