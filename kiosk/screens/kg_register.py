"""Kindergarten registration: the child's ID, birth date and the parent's mobile on the pad, a kindergarten
chosen from the board, then a confirm step that says before anything is sent which categories register on
site; with the parent's card login the other online categories of seed 003 can be chosen (issue 18, defect 9).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.keypads import PadKind, mask_national_id
from kiosk.kindergarten import categories
from kiosk.screens.base import FieldSpecs, PadScreen
from kiosk.steps import Msg
from kiosk.widgets import BigButton

PER_PAGE = 4


def shown_date(day: dt.date, lang: str) -> str:
    """ROC for zh-TW (民國 110-03-04), ISO for English: one calendar per screen."""
    return f"{day.year - 1911:03d}-{day:%m-%d}" if lang == "zh-TW" else day.isoformat()


class KindergartenButton(BigButton):
    code = StringProperty("")


class KgRegisterScreen(PadScreen):
    BAR_TITLE = "kg.register_title"  # in the bar: the fields and the pad need the whole height
    FIELDS: ClassVar[FieldSpecs] = {
        "national_id": PadKind.NATIONAL_ID,
        "birth": (PadKind.DIGITS, 8),
        "phone": PadKind.PHONE,
    }
    panel = StringProperty("pad")  # pad | choose | confirm | answer
    choosing = StringProperty("kindergarten")  # what the choose panel lists: kindergarten | category
    chosen = StringProperty("")  # kindergarten code
    category = StringProperty("g_resident")
    card = BooleanProperty(False)  # the parent logged in with the citizen card: more categories
    summary = StringProperty("")
    answer = StringProperty("")
    page = NumericProperty(0)
    pages = NumericProperty(1)

    def speech(self) -> list[Msg]:
        if self.panel == "choose":
            return [Msg("speech.kg_choose" if self.choosing == "kindergarten" else "speech.kg_category")]
        key = {"confirm": "speech.kg_confirm", "answer": "speech.kg_registered"}.get(
            self.panel, "speech.kg_register"
        )
        return [Msg(key)]

    def refresh(self) -> None:
        kg, app = self.flow.kindergarten, self.app
        identity = self.flow.identity
        self.card = identity is not None and identity.kind == "card"
        if self.category not in categories(self.card):
            self.category = "g_resident"
        draft = kg.draft
        if draft is not None:
            self.summary = app.tr("kg.summary", child=mask_national_id(draft.national_id),
                                  birth=shown_date(draft.birth, app.lang), name=kg.kindergarten_name(draft.kindergarten, app.lang),
                                  category=app.tr(f"kg.cat.{draft.category}"), phone=draft.phone)  # fmt: skip
        reg = kg.registration
        if reg is not None:
            lines = [app.tr("kg.registered"), app.tr("kg.number_line", number=reg.number),
                     app.tr("kg.result_at", name=kg.kindergarten_name(reg.kindergarten, app.lang), phase=reg.phase),
                     app.tr("kg.child_line", child=reg.child),
                     app.tr("kg.printed" if reg.printed else "kg.not_printed")]  # fmt: skip
            self.answer, self.panel, self.summary = "\n".join(lines), "answer", ""
            self.clear_fields()  # from now on only the masked ID shows
        else:
            self.answer = ""
        self._fill_choices()

    def _fill_choices(self) -> None:
        app, kg = self.app, self.flow.kindergarten
        if self.choosing == "category":
            options = [(code, app.tr(f"kg.cat.{code}")) for code in categories(self.card)]
        else:
            options = [(code, en if app.lang == "en" else zh) for code, zh, en in kg.kindergartens()]
        self.pages = max(1, -(-len(options) // PER_PAGE))
        self.page = min(self.page, self.pages - 1)
        grid = self.ids.get("choices")
        if grid is not None:
            grid.clear_widgets()
            for code, text in options[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]:
                button = KindergartenButton(code=code, text=text, kind="secondary")
                button.bind(on_release=self._choose)
                grid.add_widget(button)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.ids
        self._panels = {"pad": ids.pad.__self__, "choose": ids.choose.__self__, "confirm": ids.confirm_panel.__self__,
                        "answer": ids.answer.__self__}  # fmt: skip
        self.on_panel(self, self.panel)

    def on_panel(self, _screen: object, panel: str) -> None:
        right = self.ids.get("right")
        if right is None or not hasattr(self, "_panels"):
            return
        right.clear_widgets()
        right.add_widget(self._panels[panel])
        app = self.app
        if panel != "pad" and app.current == self.name and not app.navigating:
            app.speak_screen(self)  # "choose…" / "check the registration" / "registered, take your receipt"

    def activate(self, name: str) -> None:
        super().activate(name)
        if self.panel not in ("answer", "confirm"):
            self.panel = "pad"

    def open_choices(self, what: str = "kindergarten") -> None:
        if self.panel != "answer":
            self.choosing, self.page, self.panel = what, 0, "choose"
            self.refresh()

    def _choose(self, button: Any) -> None:
        self.error = None
        if self.choosing == "category":
            self.category, self.panel = button.code, "confirm"
            self.review()  # the summary shows the category now chosen
            return
        self.chosen = button.code
        self.review()  # a kindergarten chosen: straight to the confirm step

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self.refresh()

    def on_leave(self, *args: Any) -> None:
        super().on_leave(*args)
        kg = self.flow.kindergarten
        kg.registration, kg.draft = None, None
        self.chosen, self.answer, self.summary, self.panel = "", "", "", "pad"
        self.category = "g_resident"

    def next_step(self) -> None:
        """ "Next": the typed fields checked here, then the kindergarten chosen from the board's list."""
        national_id, birth, phone = self.text("national_id"), self.text("birth"), self.text("phone")
        step = self.flow.kindergarten.review(national_id, birth, phone, "", self.category, card=self.card)
        if step.error is not None and step.error.key != "error.kg_choose":
            self.error = step.error
            return
        self.error = None
        self.open_choices("kindergarten")

    def review(self) -> None:
        """Everything checked here, then the confirm panel; nothing is sent yet."""
        national_id, birth, phone = self.text("national_id"), self.text("birth"), self.text("phone")
        step = self.flow.kindergarten.review(
            national_id, birth, phone, self.chosen, self.category, card=self.card
        )
        self.error = step.error
        if step.error is None:
            self.refresh()
            self.panel = "confirm"

    def edit(self) -> None:
        self.flow.kindergarten.draft = None
        self.panel = "pad"

    def submit(self) -> None:
        self.do(self.flow.kindergarten.register)

    def finish(self) -> None:
        self.app.reset()


SCREEN = KgRegisterScreen
