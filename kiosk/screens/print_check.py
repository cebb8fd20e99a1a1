"""Print check: a slip the agent may have cut before it died; the citizen says whether they have it."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.messages import MESSAGES
from kiosk.screens.base import KioskScreen


class PrintCheckScreen(KioskScreen):
    body = StringProperty("")

    def refresh(self) -> None:
        job = self.flow.uncertain
        if job is None:
            self.body = ""
            return
        app = self.app
        key = f"check.doc.{job.kind}"
        doc = app.tr(key if key in MESSAGES else "check.doc.receipt")
        # the agent's own words (zh-TW) where it sent them; the catalogue says the same in English
        use_agent = app.lang == "zh-TW" and bool(job.citizen)
        self.body = job.citizen if use_agent else app.tr("check.body", doc=doc)

    def answer(self, have_it: bool) -> None:
        self.do(lambda: self.flow.answer_uncertain(have_it))


SCREEN = PrintCheckScreen
