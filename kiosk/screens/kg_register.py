"""Kindergarten registration: the child's ID on the ID pad, birth date, a kindergarten chosen from the board."""

from __future__ import annotations

from typing import Any, ClassVar

from kivy.properties import NumericProperty, StringProperty

from kiosk.flow import Screen
from kiosk.keypads import PadKind
from kiosk.screens.base import FieldSpecs, PadScreen
from kiosk.widgets import BigButton

PER_PAGE = 4


class KindergartenButton(BigButton):
    code = StringProperty("")


class KgRegisterScreen(PadScreen):
    BAR_TITLE = "kg.register_title"  # in the bar: the three fields and the pad need the whole height
    FIELDS: ClassVar[FieldSpecs] = {"national_id": PadKind.NATIONAL_ID, "birth": (PadKind.DIGITS, 8)}
    panel = StringProperty("pad")  # pad | choose | answer
    chosen = StringProperty("")  # kindergarten code
    chosen_name = StringProperty("")
    answer = StringProperty("")
    page = NumericProperty(0)
    pages = NumericProperty(1)

    def refresh(self) -> None:
        kg, app = self.flow.kindergarten, self.app
        self.chosen_name = kg.kindergarten_name(self.chosen, app.lang) if self.chosen else ""
        reg = kg.registration
        if reg is not None:
            lines = [app.tr("kg.registered"), app.tr("kg.number_line", number=reg.number),
                     app.tr("kg.result_at", name=kg.kindergarten_name(reg.kindergarten, app.lang), phase=reg.phase),
                     app.tr("kg.child_line", child=reg.child),
                     app.tr("kg.printed" if reg.printed else "kg.not_printed")]  # fmt: skip
            self.answer, self.panel = "\n".join(lines), "answer"
            self.clear_fields()  # from now on only the masked ID shows
        else:
            self.answer = ""
        options = kg.kindergartens()
        self.pages = max(1, -(-len(options) // PER_PAGE))
        self.page = min(self.page, self.pages - 1)
        grid = self.ids.get("choices")
        if grid is not None:
            grid.clear_widgets()
            for code, zh, en in options[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]:
                button = KindergartenButton(code=code, text=en if app.lang == "en" else zh, kind="secondary")
                button.bind(on_release=self._choose)
                grid.add_widget(button)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.ids
        self._panels = {"pad": ids.pad.__self__, "choose": ids.choose.__self__, "answer": ids.answer.__self__}
        self.on_panel(self, self.panel)

    def on_panel(self, _screen: object, panel: str) -> None:
        right = self.ids.get("right")
        if right is None or not hasattr(self, "_panels"):
            return
        right.clear_widgets()
        right.add_widget(self._panels[panel])

    def activate(self, name: str) -> None:
        super().activate(name)
        if self.panel != "answer":
            self.panel = "pad"

    def open_choices(self) -> None:
        if self.panel != "answer":
            self.panel = "choose"
            self.refresh()

    def _choose(self, button: Any) -> None:
        self.chosen, self.error = button.code, None
        self.panel = "pad"
        self.refresh()

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self.refresh()

    def on_leave(self, *args: Any) -> None:
        super().on_leave(*args)
        self.flow.kindergarten.registration = None
        self.chosen, self.chosen_name, self.answer, self.panel = "", "", "", "pad"

    def submit(self) -> None:
        national_id, birth, chosen = self.text("national_id"), self.text("birth"), self.chosen
        self.do(lambda: self.flow.kindergarten.register(national_id, birth, chosen))

    def finish(self) -> None:
        self.app.reset()

    def to_board(self) -> None:
        self.app.goto(Screen.KG_BOARD)


SCREEN = KgRegisterScreen
