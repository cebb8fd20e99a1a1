"""The public board in headless Chromium: a registration in another request changes the open page in place."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.hub.enrolment.conftest import light_login

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_open_page_updates_in_place_without_reload(server: str, browser: Any, push_only: None) -> None:
    """GIVEN the board open in a browser, and no poll or reconnect to come WHEN a parent registers at K1
    THEN K1's mixed registrations cell reads 1, the page was not reloaded, and the status line says it is
    live."""
    page = browser.new_page(locale="zh-TW")
    try:
        page.goto(f"{server}/enrolment/board?phase=1")
        page.evaluate("window.__marker = 'same page'")
        cell = page.locator('tr[data-key="K1|mixed"] td[data-field="registrations"]')
        assert cell.inner_text() == "0"
        # Playwright's own waits (expect), not wait_for_function: that polls by evaluating a string, which the
        # hub's CSP (script-src 'self', no 'unsafe-eval') refuses, so it only passed when the first try held.
        expect(page.locator("#live-status")).to_contain_text("Live")
        body = {"national_id": "A123456789", "birth": "107-01-10", "resident_since": "2019-01-01",
                "kindergarten": "K1", "phase": 1}  # fmt: skip
        post = lambda path, json: httpx.post(server + path, json=json)  # noqa: E731
        who = light_login(post, body["national_id"], body["birth"])
        assert (
            httpx.post(f"{server}/api/v1/enrolment/registrations", json=body, headers=who).status_code == 201
        )
        expect(cell).to_have_text(
            "1",
            timeout=20_000,  # only stops a broken push from hanging the run; speed is not asserted here
        )
        assert page.evaluate("window.__marker") == "same page"
        assert page.locator('tr[data-key="K2|mixed"] td[data-field="registrations"]').inner_text() == "0"
        assert "Live" in page.locator("#live-status").inner_text()
    finally:
        page.close()
