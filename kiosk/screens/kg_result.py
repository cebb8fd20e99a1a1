"""Kindergarten draw result: registration number and the child's birth date on the pad, no identification."""

from __future__ import annotations

from typing import ClassVar

from kivy.properties import StringProperty

from kiosk.flow import Screen
from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen


class KgResultScreen(PadScreen):
    FIELDS: ClassVar[FieldSpecs] = {"number": (PadKind.DIGITS, 10), "birth": (PadKind.DIGITS, 8)}
    result = StringProperty("")

    def refresh(self) -> None:
        found, app = self.flow.kindergarten.result, self.app
        if found is None:
            self.result = ""
            return
        lines = [app.tr("kg.number_line", number=found.number),
                 app.tr("kg.result_at", name=self.flow.kindergarten.kindergarten_name(found.kindergarten, app.lang),
                        phase=found.phase),
                 app.tr(f"kg.status.{found.status}")]  # fmt: skip
        if found.rank is not None:
            lines.append(app.tr("kg.rank", rank=found.rank))
        if found.respond_by:
            lines.append(app.tr("kg.respond_by", time=found.respond_by))
        self.result = "\n".join(lines)

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        # ids are weak references; keep both panels alive while one of them is detached
        self._panels = {"pad": self.ids.pad.__self__, "answer": self.ids.answer.__self__}
        self.on_result(self, self.result)

    def on_result(self, _screen: object, result: str) -> None:
        """The keypad, or in its place the answer with a button to look up another number."""
        right = self.ids.get("right")
        if right is None or not hasattr(self, "_panels"):
            return
        right.clear_widgets()
        right.add_widget(self._panels["answer" if result else "pad"])

    def on_leave(self, *args: object) -> None:
        super().on_leave(*args)
        self.flow.kindergarten.clear_result()
        self.result = ""

    def again(self) -> None:
        self.flow.kindergarten.clear_result()
        self.clear_fields()
        self.refresh()

    def to_board(self) -> None:
        self.app.goto(Screen.KG_BOARD)

    def submit(self) -> None:
        number, birth = self.text("number"), self.text("birth")
        self.do(lambda: self.flow.kindergarten.look_up_result(number, birth))


SCREEN = KgResultScreen
