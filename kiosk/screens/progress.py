"""Case progress query by case number and query password, typed on the on-screen pad."""

from __future__ import annotations

from typing import ClassVar

from kivy.properties import NumericProperty, StringProperty

from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


class ProgressScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"case_no": (PadKind.CODE, 17), "password": (PadKind.CODE, 8)}
    texts = StringProperty("progress")  # the message keys' prefix (the slip screen shares this layout)
    result = StringProperty("")
    slips = NumericProperty(0)
    slips_note = StringProperty("")

    def refresh(self) -> None:
        progress, app = self.flow.progress, self.app
        if not progress:
            self.result, self.slips, self.slips_note = "", 0, ""
            return
        lines = [str(progress.get("case_no") or ""), str(progress.get("service_name") or "")]
        if progress.get("closed"):
            lines.append(app.tr("progress.closed"))
        elif progress.get("milestone_name"):
            lines.append(app.tr("progress.milestone", name=progress["milestone_name"]))
        if progress.get("waiting_for_supplement"):
            lines.append(app.tr("progress.supplement"))
        if progress.get("due_on") and not progress.get("closed"):
            lines.append(app.tr("progress.due", date=progress["due_on"]))
        self.slips = len(progress.get("slips") or ())
        if self.slips:
            lines.append(app.tr("progress.slips", count=self.slips))
        for bank in progress.get("bank_only") or ():
            lines.append(
                app.tr("progress.bank_only", amount=f"{bank['amount']:,}", payment_no=bank["payment_no"])
            )
        printed = self.flow.slips_printed
        self.slips_note = app.tr("progress.slips_printed", count=printed) if printed else ""
        self.result = "\n".join(line for line in lines if line)

    def print_slips(self) -> None:
        self.do(self.flow.print_slips)

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        # ids are weak references; keep both panels alive while one of them is detached
        self._panels = {"pad": self.ids.pad.__self__, "answer": self.ids.answer.__self__}
        self.on_result(self, self.result)

    def on_result(self, _screen: object, result: str) -> None:
        """The keypad, or in its place the answer with a button to ask about another case."""
        right = self.ids.get("right")
        if right is None or not hasattr(self, "_panels"):
            return
        right.clear_widgets()
        right.add_widget(self._panels["answer" if result else "pad"])

    def on_leave(self, *args: object) -> None:
        super().on_leave(*args)
        self.flow.progress = None
        self.result = ""

    def again(self) -> None:
        self.flow.progress = None
        self.clear_fields()
        self.refresh()

    def submit(self) -> None:
        case_no, password = self.text("case_no"), self.text("password")
        self.do(lambda: self.flow.query_progress(case_no, password))


SCREEN = ProgressScreen
