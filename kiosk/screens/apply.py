"""Service application: only the few fields the kiosk needs (mobile number, copies); the rest is handwritten."""

from __future__ import annotations

from typing import ClassVar

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


class ApplyScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"phone": PadKind.PHONE}
    CLEAR_ON_LEAVE = False  # "Back" from the confirmation returns here with the number still typed
    service_name = StringProperty("")
    needs_phone = BooleanProperty(True)
    needs_copies = BooleanProperty(False)
    has_forms = BooleanProperty(False)
    copies = NumericProperty(1)

    def refresh(self) -> None:
        service = self.flow.service
        if service is None:
            return
        self.service_name = service.name(self.app.lang)
        self.needs_phone = "phone" in service.fields
        self.needs_copies = "copies" in service.fields
        self.has_forms = bool(service.forms)
        self.copies = self.flow.copies

    def change_copies(self, delta: int) -> None:
        self.flow.change_copies(delta)
        self.copies = self.flow.copies

    def submit(self) -> None:
        self.app.apply_step(self.flow.review(self.text("phone")))


SCREEN = ApplyScreen
