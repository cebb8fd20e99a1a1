"""More services (seed 004's store kiosk): large tiles, one service each, so the home screen stays short."""

from __future__ import annotations

from kiosk.flow import Screen
from kiosk.screens.base import KioskScreen

#: (screen, title key, hint key) of each tile, in the order a citizen reads them.
TILES: tuple[tuple[Screen, str, str], ...] = ((Screen.FINES, "services.fines", "services.fines_hint"),)


class ServicesScreen(KioskScreen):
    def open(self, name: str) -> None:
        self.app.goto(Screen(name))

    def home(self) -> None:
        self.app.go_home()


SCREEN = ServicesScreen
