"""Low items of issue 13 in Debian's Chromium against the real hub: staff pages carry CSP, X-Frame-Options,
nosniff and no-store, and cannot be framed; a page a device uploaded as "image/png" but which is HTML is a
download, never rendered in the hub's origin."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.security.conftest import Rig

pytestmark = pytest.mark.slow  # the `browser` fixture (tests/conftest.py) is Debian Chromium


def _login(browser: Any, rig: Rig) -> Any:
    page = browser.new_page()
    page.goto(f"{rig.url}/staff/login")
    page.fill("input[name=token]", rig.tokens["counter"])
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/cases")
    return page


def test_staff_pages_carry_the_security_headers(browser: Any, rig: Rig) -> None:
    page = _login(browser, rig)
    response = page.goto(f"{rig.url}/staff/cases")
    headers = response.all_headers()
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    page.close()


def test_a_staff_page_cannot_be_framed_by_another_site(browser: Any, rig: Rig) -> None:
    page = browser.new_page()
    page.set_content(f'<iframe id="f" src="{rig.url}/staff/login"></iframe>')
    page.wait_for_load_state("load")
    child = page.frames[1]
    assert child.url.startswith("chrome-error://"), child.url  # refused by X-Frame-Options / CSP
    page.close()


def test_html_uploaded_as_png_is_a_download_not_a_page(browser: Any, rig: Rig) -> None:
    data = b"<html><script>document.title='owned'</script>not a png</html>"
    sha = hashlib.sha256(data).hexdigest()
    engine = create_engine(rig.db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "insert into document_blobs (sha256, media_type, size, width, height, data, created_at)"
                    " values (:s, 'image/png', :n, 1, 1, :d, 0)"
                ),
                {"s": sha, "n": len(data), "d": data},
            )
    finally:
        engine.dispose()
    page = _login(browser, rig)
    with page.expect_download() as download:
        try:
            page.goto(f"{rig.url}/staff/documents/{sha}")
        except Exception as exc:  # Chromium reports a navigation that became a download as an error
            assert "Download is starting" in str(exc)
    assert download.value.suggested_filename.endswith(".bin")
    assert page.title() != "owned"
    page.close()


def test_the_staff_cookie_is_a_session_not_the_token_and_dies_at_logout(browser: Any, rig: Rig) -> None:
    page = _login(browser, rig)
    [cookie] = [c for c in page.context.cookies() if c["name"] == "onestop_staff"]
    assert cookie["value"] != rig.tokens["counter"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert 0 < cookie["expires"] - time.time() <= 8 * 3600 + 60  # short-lived
    copied = {"cookie": f"onestop_staff={cookie['value']}"}
    before = rig.http("GET", "/staff/cases", headers=copied)  # urllib follows a redirect to the login form
    assert before.status == 200 and 'name="token"' not in before.body
    page.evaluate("() => { const f = document.createElement('form'); f.method = 'post'; "
                  "f.action = '/staff/logout'; document.body.appendChild(f); f.submit(); }")  # fmt: skip
    page.wait_for_url("**/staff/login")
    after = rig.http("GET", "/staff/cases", headers=copied)
    assert 'name="token"' in after.body  # the copied cookie is dead too: back to the login form
    page.close()
