"""Case progress query by case number and query password, typed on the on-screen pad."""

from __future__ import annotations

from typing import ClassVar

from kivy.properties import StringProperty

from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


def _name(value: object, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return str(value or "")


class ProgressScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"case_no": (PadKind.DIGITS, 16), "password": (PadKind.DIGITS, 8)}
    result = StringProperty("")

    def refresh(self) -> None:
        progress, app = self.flow.progress, self.app
        if not progress:
            self.result = ""
            return
        lines = [f"{progress.get('case_no', '')}  {_name(progress.get('service'), app.lang)}"]
        for m in progress.get("milestones", []):
            state = app.tr("progress.done") if m.get("done") else app.tr("progress.pending")
            lines.append(f"{state}  {_name(m.get('name'), app.lang)}  {m.get('at') or ''}".rstrip())
        self.result = "\n".join(lines)

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.on_result(self, self.result)

    def on_result(self, _screen: object, result: str) -> None:
        """The keypad, or in its place the answer with a button to ask about another case."""
        right = self.ids.get("right")
        if right is None:
            return
        right.clear_widgets()
        right.add_widget(self.ids.answer if result else self.ids.pad)

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
