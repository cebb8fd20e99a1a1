"""Every staff page in Chromium, in zh-TW and in English, with demo data: one language per screen.

The walk signs in with each role and opens every staff page the hub serves (the list comes from the app's
routes, so a new page is walked without editing this test; a page whose path needs a value gets one from
SAMPLES or must be named in NOT_WALKED with the reason). A page fails when a label mixes scripts (an English
word on a zh-TW page, a Han character on an English page, data values aside: see onestop/dev/one_language.py),
shows a UTC-looking time, or a Gregorian date on a zh-TW page (ROC years there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from onestop.dev.one_language import mixed_labels, page_labels

pytestmark = pytest.mark.slow

#: pages whose path needs a value: the value the walk uses ({case:<label>} is a demo case of that label)
SAMPLES = {
    "/staff/cases/{case_no}": "/staff/cases/{case:paused}",
    "/staff/catalogue/{code}": "/staff/catalogue/HR-TRANSCRIPT",
    "/staff/counter/calc/{kind}": "/staff/counter/calc/{calc}",
    "/staff/counter/documents/new/{kind}": "/staff/counter/documents/new/notice",
    "/staff/counter/tips/{kind}/edit": "/staff/counter/tips/birth/edit",
    "/staff/faq/{entry_id}": "/staff/faq/0",
    "/staff/forms/{code}": "/staff/forms/HR-F01",
    "/staff/forms/drafts/{draft_id}": "/staff/forms/drafts/{draft}",
}
#: pages with a path value the demo data has no row for (each feature's own browser tests open them)
NOT_WALKED = {
    "/staff/archive/documents/{document_id}", "/staff/archive/requests/{request_id}",
    "/staff/counter/documents/{number}", "/staff/counter/fees/receipts/{number}", "/staff/counter/jobs/{job}",
    "/staff/documents/{sha256}", "/staff/nplus-e/consents/{consent_id}",
    "/staff/seals/comparisons/{comparison_id}", "/staff/seals/records/{record_id}",
}  # fmt: skip
#: GET actions that redirect (choose an office) rather than show a page
ACTIONS = {"/staff/archive/office"}
#: not pages: files, data and streams
NOT_PAGES = re.compile(r"(\.csv|\.pdf|\.json|/pdf|/static/\{name\}|/stream)$")


def staff_pages(app: Any) -> list[str]:
    paths: set[str] = set()

    def walk(routes: Any) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(inner.routes)
                continue
            path = getattr(route, "path", "")
            if "GET" in (getattr(route, "methods", None) or ()) and path.startswith(
                ("/staff", "/provisioning")
            ):
                paths.add(path)

    walk(app.routes)
    pages = []
    for path in sorted(paths):
        if NOT_PAGES.search(path) or path in NOT_WALKED or path in ACTIONS or path == "/staff":
            continue
        if "{" in path:
            assert path in SAMPLES, (
                f"{path}: give the walk a sample value in SAMPLES (or say why in NOT_WALKED)"
            )
            path = SAMPLES[path]
        pages.append(path)
    return pages


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from hub.api.app import create_app
    from hub.cases.service import today_tw
    from hub.core.config import load_settings
    from hub.counter.calc_pages import TITLES
    from hub.db.migrate import upgrade
    from hub.db.session import make_engine, make_session_factory
    from hub.devices.models import Device
    from hub.forms_library import service as forms
    from hub.staff.accounts import create_user
    from onestop.demo_data import seed
    from onestop.dev.hub_server import live_server
    from wire import now_ms

    url = f"sqlite:///{tmp_path_factory.mktemp('walk') / 'hub.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions() as s, s.begin():
        tokens = {role: create_user(s, f"{role}.walk", role, f"測試{role}") for role in
                  ("counter", "operator", "supervisor", "technician")}  # fmt: skip
        now = now_ms()
        health = {"components": {"printer": {"state": "error", "reason": "paper out", "code": "paper_out"}}}
        s.add_all([
            Device(id="kiosk-xitun-01", site="tc-xitun", kind="kiosk", online=True, session=3, last_seen=now,
                   health=health, health_ts=now),
            Device(id="kiosk-xitun-02", site="tc-xitun", kind="kiosk", online=False, session=1, last_seen=now - 60_000),
            Device(id="counter-xitun-01", site="tc-xitun", kind="counter", online=True, session=2, last_seen=now,
                   health={"components": {"a4printer": {"state": "ok"}}}, health_ts=now),
        ])  # fmt: skip
        draft = forms.make_draft(s, "HR-F01", kind="template", content=b"", effective=forms.today(),
                                 fields="name|申請人姓名 Applicant\npurpose|申請用途 Purpose|2\n---\nsign|簽章|2",
                                 note="法規修正", actor="lee.super").id  # fmt: skip
    cases = seed(sessions, today_tw())
    app = create_app(load_settings(db_url=url), engine=engine)
    with live_server(app) as base:
        yield {"base": base, "tokens": tokens, "cases": cases, "app": app, "calc": next(iter(TITLES)),
               "draft": str(draft)}  # fmt: skip
    engine.dispose()


def _signed_in(browser: Any, hub: dict[str, Any], lang: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    host = hub["base"].split("//")[1].split(":")[0]
    context.add_cookies([{"name": "onestop_lang", "value": lang, "domain": host, "path": "/"}])
    page = context.new_page()
    page.goto(f"{hub['base']}/staff/login")
    page.fill("#token", hub["tokens"]["supervisor"])
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_every_staff_page_is_in_one_language(hub: dict[str, Any], browser: Any, lang: str) -> None:
    """GIVEN a supervisor (who may open every staff page) reading in ``lang`` WHEN they open each page THEN no
    label is in the other language and no time looks like UTC."""
    page = _signed_in(browser, hub, lang)
    problems: dict[str, list[str]] = {}
    pages = staff_pages(hub["app"])
    assert "/staff/devices" in pages and "/provisioning/fleet" in pages and "/staff/audit" in pages
    assert {"/staff/forms", "/staff/forms/HR-F01", "/staff/forms/drafts/{draft}"} <= set(pages)
    for path in pages:
        path = re.sub(r"\{case:(\w+)\}", lambda m: hub["cases"][m.group(1)], path)
        path = path.replace("{calc}", hub["calc"]).replace("{draft}", hub["draft"])
        response = page.goto(hub["base"] + path)
        assert response is not None and response.status < 400, f"{path}: HTTP {response and response.status}"
        assert page.get_attribute("html", "lang") == ("en" if lang == "en" else "zh-Hant-TW")
        bad = mixed_labels(page_labels(page), lang)
        if bad:
            problems[path] = bad[:6]
    page.context.close()
    report = "\n".join(f"{path}: {bad}" for path, bad in problems.items())
    assert not problems, f"{len(problems)} of {len(pages)} pages mix languages in {lang}:\n{report}"


def test_the_checker_catches_mixed_labels_and_utc_times() -> None:
    """The rules themselves: the walk above cannot pass by a checker that sees nothing."""
    assert mixed_labels(["8 件 cases"], "zh-TW") == ["8 件 cases"]
    assert mixed_labels(["案件列表 Cases"], "en") == ["案件列表 Cases"]
    assert mixed_labels(["last seen 2026-12-04 06:00:00 UTC"], "en")
    assert mixed_labels(["2026-12-04T06:00:00Z"], "en")
    assert mixed_labels(["收件日 2026-12-04"], "zh-TW")  # ROC years on zh-TW pages
    assert not mixed_labels(
        ["收件日 115/12/04 14:30", "SLA 時限統計", "OneStop", "PDF 下載", "QR 碼"], "zh-TW"
    )
    assert not mixed_labels(["Received 2026-12-04 14:30", "Cases"], "en")


def test_the_language_button_switches_and_keeps_the_page(hub: dict[str, Any], browser: Any) -> None:
    """GIVEN a signed-in supervisor on the devices page in zh-TW (the default) WHEN they press "English" THEN
    the same page shows in English, and stays so on the next page; a bad language is refused."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{hub['base']}/staff/login")
    assert page.get_attribute("html", "lang") == "zh-Hant-TW"
    assert "onestop hub" not in page.content() and "<code>" not in page.content()  # no command line (docs)
    page.fill("#token", hub["tokens"]["supervisor"])
    page.click("main button[type=submit]")
    page.goto(f"{hub['base']}/staff/devices?site=tc-xitun")
    assert page.inner_text("h1") == "裝置狀態"
    page.click("[data-lang-switch]")
    page.wait_for_url("**/staff/devices?site=tc-xitun")
    assert page.inner_text("h1") == "Devices"
    assert "out of paper" in page.inner_text("tr[data-device='kiosk-xitun-01'] td.problems")
    page.goto(f"{hub['base']}/staff/audit")
    assert page.get_attribute("html", "lang") == "en"
    bad = page.request.post(f"{hub['base']}/staff/lang", form={"lang": "fr", "next": "/staff/audit"})
    assert bad.status == 400 and "unknown language" in bad.text()
    off_site = page.request.post(f"{hub['base']}/staff/lang", form={"lang": "en", "next": "//evil.example/x"},
                                 max_redirects=0)  # fmt: skip
    assert off_site.status == 303 and off_site.headers["location"] == "/"
    context.close()
