"""The forms library at the hub: the shipped 23 categories and forms, one store with the catalogue, a new
version through the staff page (preview, then publish, supervisors only), and bad uploads changing nothing."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from fpdf import FPDF
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.catalogue.loader import shipped_catalogue
from hub.forms_library.models import FormDraft, FormVersion
from hub.forms_library.seed import shipped
from hub.forms_library.service import in_force
from hub.web.i18n import ENGLISH
from onestop.dev.one_language import mixed_labels

SEED = "/work/shared/seeds/002_faecce6e5ba8fc5e.txt"


def _login(client: TestClient, token: str) -> None:
    assert client.post("/staff/login", data={"token": token}, follow_redirects=False).status_code == 303


def _pdf(text: str = "form") -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=20)
    pdf.cell(100, 10, text)
    return bytes(pdf.output())


def _counts(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as session:
        return (session.scalar(select(func.count()).select_from(FormVersion)) or 0,
                session.scalar(select(func.count()).select_from(FormDraft)) or 0)  # fmt: skip


def test_shipped_library_has_the_23_categories_every_named_form_and_the_catalogues_forms() -> None:
    categories, forms = shipped()
    assert len(categories) == 23  # seed 002:2362 「按申辦業務之屬性分成 23大類」
    assert {f.category for f in forms} <= {c.code for c in categories}
    titles = {f.title for f in forms}
    assert {"戶籍登記申請書", "出生登記申請書", "改名申請書", "同意書", "跨機關服務申請書"} <= titles
    seed = Path(SEED).read_text(encoding="utf-8").splitlines()
    for f in forms:
        if f.source.startswith("seed 002:"):  # every cited line names the form it cites
            line = int(f.source.split(":")[1])
            assert any(word in seed[line - 1] for word in (f.title, f.title[:4], "申請書", "調查表")), f.code
    used = {code for s in shipped_catalogue().services for code in s.forms}
    # one store: every catalogue form lives here (24 + seed 004's two)
    assert len(used) == 26 and used <= {f.code for f in forms}
    assert sum(1 for f in forms if f.template) >= 20  # printable templates with fields


def test_supervisor_uploads_a_pdf_sees_the_preview_and_publishes(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("lee.super", "supervisor"))
    page = client.get("/staff/forms", params={"category": "NAME"})
    assert page.status_code == 200 and "改名申請書" in page.text and "姓名變更" in page.text
    sent = client.post("/staff/forms/HR-NAME-01/drafts", data={"kind": "pdf", "effective": "2026-03-01",
                       "note": "戶籍法修正"}, files={"file": ("new.pdf", _pdf(), "application/pdf")},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303, sent.text
    preview = client.get(sent.headers["location"])
    assert preview.status_code == 200 and 'src="data:image/png;base64,' in preview.text  # page 1 drawn
    with sessions() as session:
        assert in_force(session)["HR-NAME-01"].version == 1  # a draft changes nothing yet
    draft = re.search(r"/staff/forms/drafts/(\d+)/publish", preview.text).group(1)  # type: ignore[union-attr]
    done = client.post(f"/staff/forms/drafts/{draft}/publish", follow_redirects=False)
    assert done.status_code == 303 and "published=2" in done.headers["location"]
    shown = client.get("/staff/forms/HR-NAME-01").text
    assert "第 2 版" in shown and "lee.super" in shown and "115/03/01" in shown and "戶籍法修正" in shown
    assert "2026-03-01" not in shown  # zh-TW pages show ROC years
    client.cookies.set("onestop_lang", "en")
    english = client.get("/staff/forms/HR-NAME-01").text
    assert "Version 2" in english and "in force from 2026-03-01" in english and "第 2 版" not in english
    client.cookies.delete("onestop_lang")
    again = client.post(f"/staff/forms/drafts/{draft}/publish")
    assert again.status_code == 409  # published once only
    api = client.get("/api/v1/forms/HR-NAME-01/versions/2/file")
    assert api.status_code == 200 and api.content.startswith(b"%PDF-")


def test_counter_staff_see_the_library_but_do_not_publish(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("chen.counter", "counter"))
    assert client.get("/staff/forms/HR-F01").status_code == 200
    before = _counts(sessions)
    refused = client.post("/staff/forms/HR-F01/drafts", data={"kind": "pdf", "effective": "2026-03-01",
                          "note": "x"}, files={"file": ("a.pdf", _pdf(), "application/pdf")})  # fmt: skip
    assert refused.status_code == 403 and _counts(sessions) == before


def test_a_pdf_that_is_not_a_pdf_and_a_50_mb_upload_are_refused_and_change_nothing(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("lee.super", "supervisor"))
    before = _counts(sessions)
    data = {"kind": "pdf", "effective": "2026-03-01", "note": "法規修正"}
    fake = client.post("/staff/forms/HR-F01/drafts", data=data,
                       files={"file": ("form.pdf", b"PK\x03\x04 a zip file", "application/pdf")})  # fmt: skip
    assert fake.status_code == 400 and "這不是 PDF 檔" in fake.text
    cut = client.post("/staff/forms/HR-F01/drafts", data=data,
                      files={"file": ("form.pdf", _pdf()[:-200], "application/pdf")})  # fmt: skip
    assert cut.status_code == 400 and "PDF" in cut.text
    big = client.post("/staff/forms/HR-F01/drafts", data=data,
                      files={"file": ("form.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024), "application/pdf")})  # fmt: skip
    assert big.status_code == 413 and "50 MB" in big.text
    bad_date = client.post("/staff/forms/HR-F01/drafts", data={**data, "effective": "2025-12-31"},
                           files={"file": ("form.pdf", _pdf(), "application/pdf")})  # fmt: skip
    assert bad_date.status_code == 400 and "早於現行" in bad_date.text  # before the version in force
    bad_field = client.post("/staff/forms/HR-F01/drafts", data={**data, "kind": "template",
                            "fields": "name|姓名\nBad Key|標籤"})  # fmt: skip
    assert bad_field.status_code == 400 and "Bad Key" in bad_field.text
    assert _counts(sessions) == before


def test_an_error_shows_in_the_readers_language_with_roc_dates_and_changes_nothing(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    """GIVEN a supervisor WHEN an upload is refused THEN the error is one sentence in the page's language
    (ROC years on zh-TW, what they typed marked as data), in zh-TW by default and in English when chosen."""
    _login(client, make_token("lee.super", "supervisor"))
    before = _counts(sessions)
    early = {"kind": "template", "fields": "name|姓名", "effective": "2025-12-31", "note": "法規修正"}
    zh = client.post("/staff/forms/HR-F01/drafts", data=early)
    error = re.search(r'<div class="flash error"[^>]*>(.*?)</div>', zh.text).group(1)  # type: ignore[union-attr]
    assert zh.status_code == 400 and "生效日期 114/12/31 早於現行第 4 版的生效日 115/01/01" in error
    client.cookies.set("onestop_lang", "en")
    en = client.post("/staff/forms/HR-F01/drafts", data=early)
    error = re.search(r'<div class="flash error"[^>]*>(.*?)</div>', en.text).group(1)  # type: ignore[union-attr]
    assert en.status_code == 400 and error == (
        "The effective date 2025-12-31 is before 2026-01-01, when version 4 came into force."
    )
    bad_key = client.post("/staff/forms/HR-F01/drafts", data={**early, "effective": "2026-06-01",
                          "fields": "name|姓名\nsig|簽章|x"})  # fmt: skip
    error = re.search(r'<div class="flash error"[^>]*>(.*?)</div>', bad_key.text).group(1)  # type: ignore[union-attr]
    assert (
        error == 'Line 2: Field &#34;<span translate="no">sig|簽章|x</span>&#34;: the lines must be a number.'
    )
    assert not mixed_labels([re.sub(r'<span translate="no">.*?</span>', "", error)], "en")
    missing = client.get("/staff/forms/NO-SUCH")
    assert (
        missing.status_code == 404 and 'There is no form <span translate="no">NO-SUCH</span>.' in missing.text
    )
    assert client.get("/staff/forms/drafts/999").text.count("There is no draft 999.") == 1
    client.cookies.delete("onestop_lang")
    zh = client.post("/staff/forms/HR-F01/drafts", data={**early, "effective": "2026-06-01",
                     "fields": "name|姓名\nsig|簽章|x"})  # fmt: skip
    assert '第 2 行：欄位「<span translate="no">sig|簽章|x</span>」的行數須為數字' in zh.text
    assert _counts(sessions) == before


def test_every_error_the_pages_show_has_english() -> None:
    """Each Chinese LibraryError / TemplateError sentence has its English in messages.en.yaml (a missing one
    would show in Chinese on an English page; the page walk does not upload bad files)."""
    missing = []
    for name in ("service.py", "seed.py", "pages.py"):
        source = (Path(__file__).parents[3] / "hub" / "forms_library" / name).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "LibraryError",
                "TemplateError",
            ):
                texts = [
                    a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                missing += [
                    f"{name}: {t}" for t in texts if re.search(r"[\u4e00-\u9fff]", t) and t not in ENGLISH
                ]
    assert not missing, missing
    assert "第 {line} 行：{problem}" in ENGLISH
