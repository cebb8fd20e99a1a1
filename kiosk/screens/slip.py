"""A payment slip for a case filed online: case number and the password the citizen chose online, typed on the
code pad (seed 004:665); the slips print on the receipt printer, none over NT$20,000 (the bank/ATM note)."""

from __future__ import annotations

from typing import ClassVar

from kiosk.app import HERE, load_kv
from kiosk.flow import Msg, Screen
from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs
from kiosk.screens.progress import ProgressScreen

load_kv(HERE / "screens" / "progress.kv")  # the layout is the progress query's, with the slip texts


class SlipScreen(ProgressScreen):
    FIELDS: ClassVar[FieldSpecs] = {"case_no": PadKind.CASE_NO, "password": PadKind.SLIP_PASSWORD}

    BAR_TITLE = "slip.title"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.texts, self.password_hint = "slip", "slip.hint"

    def on_pre_enter(self, *args: object) -> None:
        # the receipt's QR holds the query password, not the one chosen online: no "scan receipt" here
        button = self.ids.scan_receipt
        if button.parent is not None:
            button.parent.remove_widget(button)

    def speech(self) -> list[Msg]:
        """The pad asks for the chosen password, not the receipt's; the answer is spoken as on progress."""
        if self.result:
            return super().speech()
        return [Msg("speech.slip"), *([self.notice] if self.notice is not None else [])]

    def print_slips(self) -> None:
        self.do(lambda: self.flow.plan_slips(Screen.SLIP))  # what prints and costs first (issue 18, defect 4)

    def submit(self) -> None:
        case_no, password = self.text("case_no"), self.text("password")
        self.do(lambda: self.flow.query_slip(case_no, password))


SCREEN = SlipScreen
