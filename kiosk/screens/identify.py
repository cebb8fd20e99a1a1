"""Light identification: national ID number (letter pad, then digits) and birth date."""

import datetime as dt
from typing import ClassVar

from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


class IdentifyScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"national_id": PadKind.NATIONAL_ID, "birth": (PadKind.DIGITS, 8)}

    def refresh(self) -> None:
        """Back from the catalogue: the fields show what was accepted (held by the presenter, not left on
        a hidden screen; the fields are cleared whenever the screen is left)."""
        identity = self.flow.identity
        if identity is None or identity.kind != "light" or any(p.text for p in self.pads.values()):
            return
        born = dt.date.fromisoformat(identity.birth_date)
        roc = f"{born.year - 1911:03d}{born.month:02d}{born.day:02d}"
        for name, text in (("national_id", identity.national_id), ("birth", roc)):
            pad = self.pads[name].clear()
            for key in text:
                pad = pad.press(key)
            self.pads[name] = pad
        self.active = "birth"
        self._show()

    def submit(self) -> None:
        national_id, birth = self.text("national_id"), self.text("birth")
        self.do(lambda: self.flow.submit_light_id(national_id, birth))


SCREEN = IdentifyScreen
