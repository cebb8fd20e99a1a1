"""The forms library: what is in force, drafts with a preview, publishing a version, chunks for agents, and
what agents report.

One store (issue 15 item 3): the catalogue's services name form codes and take titles and versions from here.
A version is never changed; it is in force from its ``effective`` date until a later version's.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.forms_library.models import AgentFormVersion, FormCategory, FormDraft, FormVersion, LibraryForm

__all__ = ["LibraryForm"]
from hub.forms_library.seed import TemplateError, check_pages, parse_field, sha256, template_bytes
from hub.staff.accounts import audit
from wire import now_ms
from wire.payloads.forms import (
    CHUNK_BYTES,
    MAX_FORM_BYTES,
    FormsChunk,
    FormsReport,
    LibraryCategory,
    LibraryEntry,
)

TAIPEI = ZoneInfo("Asia/Taipei")


class LibraryError(ValueError):
    """Bad input to the library; ``field`` names it, ``status`` is the HTTP answer. Nothing was changed.

    ``text`` is the zh-TW sentence with ``{name}`` placeholders filled from ``values`` (the staff page shows it
    in the reader's language: hub/forms_library/messages.en.yaml); ``line`` is the line of the template text
    it is about; ``message`` is the sentence in zh-TW, for logs and agents."""

    def __init__(
        self,
        field: str,
        text: str,
        status: int = 400,
        /,
        *,
        line: int | None = None,
        detail: str = "",
        **values: Any,
    ) -> None:  # positional-only: a value may be called "field" too
        self.field, self.text, self.status, self.values = field, text, status, values
        self.line, self.detail = line, detail  # detail: a tool's own words (pdfinfo), shown as they are
        self.message = text.format(**values) if values else text  # a date value shows as ISO here
        if line is not None:
            self.message = f"第 {line} 行：{self.message}"
        if detail:
            self.message = f"{self.message} {detail}"
        super().__init__(f"{field}: {self.message}")


@dataclass(frozen=True, slots=True)
class InForce:
    form: LibraryForm
    version: FormVersion


def today() -> str:
    """Today in Taipei (the office's day, whatever the server's clock zone)."""
    return datetime.now(TAIPEI).date().isoformat()


def categories(session: Session) -> list[FormCategory]:
    return list(session.scalars(select(FormCategory).order_by(FormCategory.position)))


def forms(session: Session, category: str | None = None) -> list[LibraryForm]:
    query = select(LibraryForm).order_by(LibraryForm.category, LibraryForm.code)
    if category:
        query = query.where(LibraryForm.category == category)
    return list(session.scalars(query))


def in_force(session: Session, on: str | None = None) -> dict[str, FormVersion]:
    """Every form's version in force on ``on`` (default today): the highest version effective by then."""
    on = on or today()
    out: dict[str, FormVersion] = {}
    for v in session.scalars(
        select(FormVersion).where(FormVersion.effective <= on).order_by(FormVersion.version)
    ):
        out[v.form] = v
    return out


def revision(versions: dict[str, FormVersion]) -> int:
    """The library revision: the id of the newest version in force (ids only grow, so this only grows)."""
    return max((v.id for v in versions.values()), default=0)


def index(session: Session, on: str | None = None) -> tuple[int, list[LibraryCategory], list[LibraryEntry]]:
    versions = in_force(session, on)
    cats = [
        LibraryCategory(code=c.code, name=c.name, name_en=c.name_en, order=c.position)
        for c in categories(session)
    ]
    entries = [
        LibraryEntry(
            code=f.code,
            category=f.category,
            title=f.title,
            title_en=f.title_en,
            version=v.version,
            effective=v.effective,
            kind=v.kind,
            sha256=v.sha256,
            size=v.size,
        )
        for f in forms(session)
        if (v := versions.get(f.code)) is not None
    ]
    return revision(versions), cats, entries


def history(session: Session, code: str) -> list[FormVersion]:
    return list(
        session.scalars(
            select(FormVersion).where(FormVersion.form == code).order_by(FormVersion.version.desc())
        )
    )


def get_form(session: Session, code: str) -> LibraryForm:
    form = session.get(LibraryForm, code)
    if form is None:
        raise LibraryError("form", "沒有表單 {code}", 404, code=code)
    return form


# -- checking an upload --------------------------------------------------------------------------------------
def check_pdf(data: bytes) -> int:
    """Pages of a PDF; LibraryError unless it is one (header, end marker, and pdfinfo can read it)."""
    if not data:
        raise LibraryError("file", "檔案是空的")
    if len(data) > MAX_FORM_BYTES:
        raise LibraryError(
            "file",
            "檔案 {size} MB，超過上限 {limit} MB",
            413,
            size=len(data) // (1024 * 1024),
            limit=MAX_FORM_BYTES // (1024 * 1024),
        )
    if not data.startswith(b"%PDF-"):
        raise LibraryError("file", "這不是 PDF 檔：檔頭不是 %PDF-")
    if b"%%EOF" not in data[-2048:]:
        raise LibraryError("file", "PDF 檔不完整：找不到結尾 %%EOF")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.pdf"
        path.write_bytes(data)
        try:
            done = subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, timeout=20, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LibraryError("file", "無法檢查 PDF：", 500, detail=str(exc)) from None
    match = re.search(r"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
    if done.returncode != 0 or match is None:
        raise LibraryError("file", "PDF 檔損壞，無法讀取：", detail=done.stderr.strip()[:200])
    pages = int(match.group(1))
    if not 1 <= pages <= 20:
        raise LibraryError("file", "表單 1 至 20 頁，這份有 {pages} 頁", pages=pages)
    return pages


def template_from_text(form: LibraryForm, text: str) -> tuple[bytes, int]:
    """A template from the staff page's text: one field a line, ``key|label|lines``; a line ``---`` starts a
    new page. LibraryError naming the line."""
    pages: list[list[dict[str, Any]]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line == "---":
            pages.append([])
            continue
        try:
            pages[-1].append(parse_field(line))
        except TemplateError as exc:
            raise LibraryError("fields", exc.text, line=number, **exc.values) from None
    pages = [p for p in pages if p]
    try:
        return template_bytes(form.code, form.title, pages), len(pages)
    except TemplateError as exc:
        raise LibraryError("fields", exc.text, **exc.values) from None


def template_text(content: bytes) -> str:
    """The staff page's text of a template version (the inverse of ``template_from_text``)."""
    doc = json.loads(content)
    return "\n---\n".join(
        "\n".join(f"{f['key']}|{f['label']}|{f['lines']}" for f in page) for page in doc["pages"]
    )


def template_pages(content: bytes) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = json.loads(content)["pages"]
    check_pages(pages)
    return pages


def _check_effective(session: Session, form: LibraryForm, effective: str) -> str:
    try:
        day = date.fromisoformat(effective.strip())
    except ValueError:
        raise LibraryError(
            "effective", "生效日期「{effective}」不是日期（年-月-日）", effective=effective
        ) from None
    current = in_force(session).get(form.code)
    if current is not None and day.isoformat() < current.effective:
        raise LibraryError(
            "effective",
            "生效日期 {day} 早於現行第 {version} 版的生效日 {effective}",
            day=day,
            version=current.version,
            effective=date.fromisoformat(current.effective),
        )
    return day.isoformat()


def make_draft(
    session: Session,
    code: str,
    *,
    kind: str,
    content: bytes,
    fields: str,
    effective: str,
    note: str,
    actor: str,
) -> FormDraft:
    """Check an upload (a PDF, or template fields) and keep it as a draft for the preview; nothing is in the
    library yet. LibraryError naming the field."""
    form = get_form(session, code)
    note = note.strip()
    if not 1 <= len(note) <= 300:
        raise LibraryError("note", "請寫修訂原因，1 至 300 字")
    if kind == "pdf":
        pages = check_pdf(content)
    elif kind == "template":
        content, pages = template_from_text(form, fields)
    else:
        raise LibraryError("kind", "格式須為 PDF 或範本，不是「{kind}」", kind=kind)
    day = _check_effective(session, form, effective)
    draft = FormDraft(form=form.code, kind=kind, sha256=sha256(content), size=len(content), content=content,
                      effective=day, note=note, pages=pages, uploaded_by=actor, uploaded_at=now_ms())  # fmt: skip
    session.add(draft)
    session.flush()
    return draft


def publish(session: Session, draft_id: int, actor: str) -> FormVersion:
    """Make a draft the form's next version (with who and when); LibraryError if already published."""
    draft = session.get(FormDraft, draft_id)
    if draft is None:
        raise LibraryError("draft", "沒有草稿 {draft}", 404, draft=draft_id)
    if draft.published_version is not None:
        raise LibraryError("draft", "這份草稿已發布為第 {version} 版", 409, version=draft.published_version)
    form = get_form(session, draft.form)
    _check_effective(session, form, draft.effective)
    last = session.scalar(select(func.max(FormVersion.version)).where(FormVersion.form == form.code)) or 0
    version = FormVersion(form=form.code, version=last + 1, effective=draft.effective, kind=draft.kind,
                          sha256=draft.sha256, size=draft.size, content=draft.content, note=draft.note,
                          changed_by=actor, changed_at=now_ms())  # fmt: skip
    session.add(version)
    draft.published_version = version.version
    session.flush()
    audit(session, actor, "forms.publish", form.code, {"version": version.version, "sha256": version.sha256,
                                                        "effective": version.effective})  # fmt: skip
    return version


def preview_png(draft: FormDraft) -> bytes | None:
    """Page 1 of a PDF draft as PNG (pdftoppm, 60 dpi), for the preview; None for a template."""
    if draft.kind != "pdf":
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.pdf"
        path.write_bytes(draft.content)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path),
                        str(Path(tmp) / "page")], capture_output=True, timeout=30, check=True)  # fmt: skip
        return (Path(tmp) / "page.png").read_bytes()


# -- agents ------------------------------------------------------------------------------------------------
def chunk(session: Session, code: str, version: int, offset: int) -> FormsChunk:
    row = session.scalar(select(FormVersion).where(FormVersion.form == code, FormVersion.version == version))
    if row is None:
        raise LibraryError("form", "no version {version} of form {code}", 404, version=version, code=code)
    if offset >= row.size:
        raise LibraryError(
            "offset", "offset {offset} is past the end ({size} bytes)", offset=offset, size=row.size
        )
    data = row.content[offset : offset + CHUNK_BYTES]
    return FormsChunk(form=code, version=version, offset=offset, size=row.size, sha256=row.sha256,
                      data=base64.b64encode(data).decode())  # fmt: skip


def record_report(session: Session, device: str, report: FormsReport, at: int) -> None:
    row = session.get(AgentFormVersion, (device, report.form))
    if report.outcome == "cached":
        if row is None:
            session.add(AgentFormVersion(device=device, form=report.form, version=report.version,
                                         sha256=report.sha256, reported_at=at))  # fmt: skip
        elif report.version >= row.version:
            row.version, row.sha256, row.reported_at = report.version, report.sha256, at
            if row.refused_version is not None and row.refused_version <= report.version:
                row.refused_version, row.refused_reason = None, None
        return
    if row is None:
        session.add(AgentFormVersion(device=device, form=report.form, version=0, sha256="0" * 64,
                                     refused_version=report.version, refused_reason=report.reason[:300],
                                     reported_at=at))  # fmt: skip
    else:
        row.refused_version, row.refused_reason, row.reported_at = report.version, report.reason[:300], at


def rollout(session: Session, code: str, version: int) -> tuple[int, int]:
    """(agents holding ``version`` or newer, agents that refused it)."""
    have = session.scalar(select(func.count()).select_from(AgentFormVersion).where(
        AgentFormVersion.form == code, AgentFormVersion.version >= version)) or 0  # fmt: skip
    refused = session.scalar(select(func.count()).select_from(AgentFormVersion).where(
        AgentFormVersion.form == code, AgentFormVersion.refused_version == version)) or 0  # fmt: skip
    return int(have), int(refused)


def online_devices(session: Session) -> list[tuple[str, str]]:
    """(site, device) of every online device: the agents a new version is announced to."""
    from hub.devices.models import Device

    return [(d.site, d.id) for d in session.scalars(select(Device).where(Device.online.is_(True)))]
