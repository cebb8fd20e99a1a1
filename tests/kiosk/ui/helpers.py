"""Touch sequences shared by the UI tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from kiosk.agent_client import AgentClient
from kiosk.catalogue import CatalogueCache
from onestop.dev.fake_agent import FakeAgent

PIN = "123456"
NATIONAL_ID = "A123456789"
PHONE = "0912345678"


def login_with_card(kiosk: Any, agent: FakeAgent) -> None:
    agent.insert_card()
    kiosk.wait_until(lambda: kiosk.app.current == "pin")
    kiosk.type_keys(PIN)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")


def service_button(kiosk: Any, code: str) -> Any:
    """The catalogue button of ``code``: its group's button tapped first when the groups show, then pages
    turned by touch until it shows."""
    if kiosk.screen.showing_groups:
        group = next((s.group for s in kiosk.app.flow.services if s.code == code), None)
        button = next((b for b in kiosk.find("grid").children if b.code == group), None)
        if button is None:
            raise AssertionError(f"service {code}: its group {group!r} is not on screen")
        kiosk.tap(button)
        kiosk.wait_until(lambda: not kiosk.screen.showing_groups)
    while True:
        button = next((b for b in kiosk.find("grid").children if b.code == code), None)
        if button is not None:
            return button
        if kiosk.screen.page >= kiosk.screen.pages - 1:
            raise AssertionError(f"service {code} is not in the catalogue on screen")
        kiosk.tap(kiosk.find("next"))


def apply_for(kiosk: Any, code: str, phone: str = PHONE, more_copies: int = 0) -> None:
    kiosk.tap(service_button(kiosk, code))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    kiosk.type_keys(phone)
    for _ in range(more_copies):
        kiosk.tap(kiosk.find("more"))
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "confirm")


def print_from_plan(kiosk: Any, timeout: float = 10.0) -> None:
    """From the confirm screen's "next": the print plan (what prints, what it costs), then "print"."""
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "done", timeout=timeout)


def personal_texts_left(kiosk: Any, secrets: list[str]) -> list[str]:
    """Every text in the widget tree (screens, overlays) that still contains one of ``secrets``."""
    return [t for t in kiosk.texts() if any(s in t for s in secrets)]


def kiosk_on(driver: Any, client: AgentClient, cache: CatalogueCache) -> Iterator[Any]:
    """The session's kiosk pointed at ``client``: zh-TW, real clock, 1280×800, on the welcome screen."""
    app = driver.app
    app.clock = time.monotonic
    app.lang = "zh-TW"
    driver.resize((1280, 800))
    app.use_client(client, cache)
    driver.wait(2 * app.settings.card_poll)  # the card watcher has seen the new agent's slot
    driver.wait_until(lambda: app.current == "welcome")
    yield driver
    app.clock = time.monotonic
    app.reset()
    driver.pump(2)


def submit_application(kiosk: Any, code: str, phone: str = PHONE, timeout: float = 30.0) -> tuple[str, str]:
    """From the catalogue: choose ``code``, type the phone, confirm; the case number and password shown."""
    apply_for(kiosk, code, phone)
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk, timeout=timeout)
    return kiosk.find("case_no").text, kiosk.find("password").text


def cancel(kiosk: Any) -> None:
    """The bar's "cancel", answered "end and clear" (it asks once)."""
    kiosk.tap(kiosk.find("home"))
    kiosk.wait_until(lambda: kiosk.app.cancel_view.parent is not None)
    kiosk.tap(kiosk.app.cancel_view.ids.wipe)


def type_child_and_phone(kiosk: Any) -> None:
    """On the kindergarten registration: the child's ID and ROC birth date, then the parent's mobile."""
    kiosk.type_keys(NATIONAL_ID + "1100304")
    kiosk.tap(kiosk.find("phone"))
    kiosk.type_keys(PHONE)
