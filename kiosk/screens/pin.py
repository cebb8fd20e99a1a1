"""PIN entry for the inserted card; digits masked, wrong PIN says how many tries remain."""

from typing import ClassVar

from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


class PinScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"pin": (PadKind.PIN, 8)}

    def _advance(self) -> None:
        pass  # never submit a PIN by itself; the citizen presses OK

    def submit(self) -> None:
        pin = self.text("pin")
        self.clear_fields()  # the PIN does not stay on screen, right or wrong
        self.do(lambda: self.flow.submit_pin(pin))


SCREEN = PinScreen
