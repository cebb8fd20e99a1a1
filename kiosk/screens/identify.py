"""Light identification: national ID number (letter pad, then digits) and birth date."""

from typing import ClassVar

from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


class IdentifyScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"national_id": PadKind.NATIONAL_ID, "birth": (PadKind.DIGITS, 8)}

    def submit(self) -> None:
        national_id, birth = self.text("national_id"), self.text("birth")
        self.do(lambda: self.flow.submit_light_id(national_id, birth))


SCREEN = IdentifyScreen
