"""Touch sequences shared by the UI tests."""

from __future__ import annotations

from typing import Any

from kiosk.fake_agent import FakeAgent

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
    """The catalogue button of ``code``, turning pages by touch until it shows."""
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


def personal_texts_left(kiosk: Any, secrets: list[str]) -> list[str]:
    """Every text in the widget tree (screens, overlays) that still contains one of ``secrets``."""
    return [t for t in kiosk.texts() if any(s in t for s in secrets)]
