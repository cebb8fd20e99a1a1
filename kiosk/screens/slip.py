"""A payment slip for a case filed online: case number and the password the citizen chose online, typed on the
code pad (seed 004:665); the slips print on the receipt printer, none over NT$20,000 (the bank/ATM note)."""

from __future__ import annotations

from typing import ClassVar

from kiosk.app import HERE, load_kv
from kiosk.flow import Screen
from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs
from kiosk.screens.progress import ProgressScreen
from wire.payloads.cases import SLIP_PASSWORD_MAX

load_kv(HERE / "screens" / "progress.kv")  # the layout is the progress query's, with the slip texts


class SlipScreen(ProgressScreen):
    FIELDS: ClassVar[FieldSpecs] = {
        "case_no": (PadKind.CODE, 17),
        "password": (PadKind.CODE, SLIP_PASSWORD_MAX),
    }

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.texts = "slip"

    def print_slips(self) -> None:
        self.do(lambda: self.flow.print_slips(Screen.SLIP))

    def submit(self) -> None:
        case_no, password = self.text("case_no"), self.text("password")
        self.do(lambda: self.flow.query_slip(case_no, password))


SCREEN = SlipScreen
