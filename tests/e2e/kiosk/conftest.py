"""The kiosk on screen against a real agent and hub: the kiosk UI tests' display, driver and kiosk fixtures."""

from tests.kiosk.ui.conftest import _display, _driver, agent, kiosk

__all__ = ["_display", "_driver", "agent", "kiosk"]
