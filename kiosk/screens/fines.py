"""Fine look-up: one of national ID, business number or fine number, typed on the on-screen pad (seed 004:669)."""

from __future__ import annotations

from typing import ClassVar

from kiosk.flow import Screen
from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen
from kiosk.steps import Msg, Step
from wire.payloads.fines import FineKey


class FinesScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {
        "national_id": PadKind.NATIONAL_ID,
        "business_no": (PadKind.DIGITS, 8),
        "fine_no": (PadKind.DIGITS, 15),
    }

    def activate(self, name: str) -> None:
        """Only one key counts: choosing another box empties the others."""
        for other in self.FIELDS:
            if other != name:
                self.pads[other] = self.pads[other].clear()
        super().activate(name)

    def _advance(self) -> None:
        """A full entry stays where it is: the three boxes are alternatives, not a sequence."""

    def submit(self) -> None:
        name = next((n for n in (self.active, *self.FIELDS) if self.text(n)), None)
        if name is None:
            self.error = Msg("fines.type_one")
            return
        kind, text, fines = FineKey(name), self.text(name), self.flow.fines

        def work() -> Step:
            step = fines.look_up(kind, text)
            return Step(Screen.FINES_LIST) if step.error is None else step

        self.do(work)

    def back(self) -> None:
        self.app.goto(Screen.SERVICES)


SCREEN = FinesScreen
