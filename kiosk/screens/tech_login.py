"""Technician code entry; the code is compared in the presenter and never shown."""

from typing import ClassVar

from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


class TechLoginScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"code": (PadKind.PIN, 12)}

    def _advance(self) -> None:
        pass

    def submit(self) -> None:
        code = self.text("code")
        self.clear_fields()
        self.do(lambda: self.flow.unlock_technician(code))


SCREEN = TechLoginScreen
