"""Welcome: insert the card, or identify by ID number, check a case, return documents, technician mode."""

from kiosk.flow import Screen
from kiosk.screens.base import KioskScreen


class WelcomeScreen(KioskScreen):
    def open(self, name: str) -> None:
        self.notice = None
        self.app.goto(Screen(name))


SCREEN = WelcomeScreen
