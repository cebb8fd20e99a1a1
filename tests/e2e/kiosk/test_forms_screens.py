"""The kiosk's forms screens by touch against a real agent whose forms library cache holds the shipped
library, while the hub is away (the agent's broker does not answer): category → form → print, the step
indicator and Back on each step, and the printed PDF carries the version and the form QR."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from edge_agent.forms_library.cache import LibraryCache
from hub.forms_library.seed import SHIPPED_EFFECTIVE, shipped
from kiosk.agent_client import HttpAgentClient
from onestop.processes import free_port
from tests.e2e.forms_library.rig import printed_qr
from tests.e2e.kiosk.rig import hub_catalogue_cache
from tests.kiosk.ui.helpers import kiosk_on
from wire.payloads.forms import LibraryCategory, LibraryEntry


def shipped_cache(directory: Path) -> LibraryCache:
    """A library cache holding the shipped library, as an agent has it after its first sync."""
    cache = LibraryCache(directory)
    categories, forms = shipped()
    for f in forms:
        entry = LibraryEntry(code=f.code, category=f.category, title=f.title, title_en=f.title_en,
                             version=f.version, effective=SHIPPED_EFFECTIVE, kind="template",
                             sha256=hashlib.sha256(f.template).hexdigest(), size=len(f.template))  # fmt: skip
        cache.store(entry, f.template)
    cache.set_index(len(forms), [LibraryCategory(code=c.code, name=c.name, name_en=c.name_en, order=c.order)
                                 for c in categories])  # fmt: skip
    return cache


@pytest.fixture
def offline_agent(tmp_path: Path) -> Iterator[Agent]:
    shipped_cache(tmp_path / "agent" / "forms-library")
    config = config_from_mapping({
        "device_id": "kiosk-001", "site": "test-site", "kind": "kiosk",
        "broker": {"url": f"mqtt://127.0.0.1:{free_port()}"},  # nobody listens: the hub is away
        "data_dir": str(tmp_path / "agent"), "api": {"port": 0}, "backoff": {"min": 0.5, "max": 2},
        "components": {"forms": {"directory": str(tmp_path / "printed")}, "library": {}},
    })  # fmt: skip
    agent = Agent(config)
    agent.add_configured_components()
    agent.start()
    yield agent
    agent.stop()


@pytest.fixture
def kiosk(_driver: Any, offline_agent: Agent, tmp_path: Path) -> Iterator[Any]:
    yield from kiosk_on(_driver, HttpAgentClient(offline_agent.api.url), hub_catalogue_cache(tmp_path / "k"))


def test_browse_by_category_and_print_the_newest_version_while_offline(kiosk: Any, tmp_path: Path) -> None:
    app = kiosk.app
    kiosk.tap(kiosk.find("more"))
    kiosk.wait_until(lambda: app.current == "services")
    kiosk.tap(kiosk.find("forms"))
    kiosk.wait_until(lambda: app.current == "forms" and len(kiosk.find("grid").children) == 6, timeout=10)
    assert (app.step, app.step_total) == (1, 3)
    assert app.speaker.spoken[-2:] == ["speech.forms", "forms.offline"]  # spoken too (issue 18 defect 6)
    text = kiosk.screen_text()
    assert (
        "目前未連線" in text and "戶籍登記通用（1 種）" in text and "第 1 / 4 頁" in text
    )  # 23 categories, 6 a page
    for page in (2, 3, 4):
        kiosk.tap(kiosk.find("next"))
        kiosk.wait_until(lambda page=page: f"第 {page} / 4 頁" in kiosk.screen_text())
    trans = next(b for b in kiosk.find("grid").children if b.code == "TRANS")
    kiosk.tap(trans)
    kiosk.wait_until(lambda: app.current == "forms_list")
    assert (app.step, app.step_total) == (2, 3)
    assert app.speaker.spoken[-1] == "speech.forms_list"
    assert "戶籍謄本申請書　第 4 版，2026-01-01 起適用" in kiosk.screen_text()
    kiosk.tap(kiosk.find("back_bar"))  # Back: the categories again
    kiosk.wait_until(lambda: app.current == "forms")
    kiosk.tap(next(b for b in kiosk.find("grid").children if b.code == "TRANS"))
    kiosk.wait_until(lambda: app.current == "forms_list")
    form = next(b for b in kiosk.find("rows").children if b.code == "HR-F01")
    kiosk.tap(form)
    kiosk.wait_until(lambda: app.current == "forms_print")
    assert (app.step, app.step_total) == (3, 3) and app.speaker.spoken[-1] == "speech.forms_print"
    kiosk.tap(kiosk.find("print_form"))
    kiosk.wait_until(lambda: "已列印第 4 版" in kiosk.screen_text(), timeout=30)
    assert app.speaker.spoken[-1] == "speech.forms_printed"  # printed, and where to take it
    printed = list((tmp_path / "printed").glob("*.pdf"))
    assert len(printed) == 1
    qr, sheet = printed_qr(printed[0])
    assert (qr.code, qr.version) == ("HR-F01", 4) and "第4版" in sheet and "戶籍謄本申請書" in sheet
    kiosk.tap(kiosk.find("lang"))  # one language per screen: every text follows
    text = kiosk.screen_text()
    assert (
        "Version 4 printed" in text and "Household transcript application" in text and "戶籍謄本" not in text
    )
