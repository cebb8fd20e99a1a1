"""Questions and answers: categories on the left; on the right the keyword keyboard, a list, or one answer."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import NumericProperty, OptionProperty, StringProperty

from kiosk.faq import KEYWORDS
from kiosk.screens.base import KioskScreen
from kiosk.steps import Step


class FaqScreen(KioskScreen):
    mode = OptionProperty("keys", options=["keys", "list", "answer"])
    query = StringProperty("")
    summary = StringProperty("")
    page = NumericProperty(0)
    pages = NumericProperty(1)

    def on_enter(self, *args: Any) -> None:
        if not self.flow.faq.categories:
            self.do(self.flow.faq.load)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self._panels = {name: self.ids[name].__self__ for name in ("keys", "list", "answer")}
        keys = self.ids.keygrid
        for word in KEYWORDS:
            keys.add_widget(Factory.WordKey(text=word, on_release=lambda b: self.type_key(b.text)))
        self.on_mode(self, self.mode)

    def on_mode(self, _screen: Any, mode: str) -> None:
        right = self.ids.get("right")
        if right is None or not hasattr(self, "_panels"):
            return
        right.clear_widgets()
        right.add_widget(self._panels[mode])

    def refresh(self) -> None:
        faq, app = self.flow.faq, self.app
        self.query = faq.query
        self.page, self.pages = faq.page, faq.pages
        self.summary = (
            app.tr("faq.results", total=faq.total)
            if faq.items
            else (app.tr("faq.none") if faq.searched else "")
        )
        cats = self.ids.get("cats")
        if cats is not None:
            cats.clear_widgets()
            for name, count in faq.categories:
                button = Factory.CategoryButton(
                    text=f"{name}（{count}）", kind="primary" if name == faq.category else "secondary"
                )
                button.category = name
                button.bind(on_release=lambda b: self.choose(b.category))
                cats.add_widget(button)
        rows = self.ids.get("rows")
        if rows is not None:
            rows.clear_widgets()
            for item in faq.items:
                button = Factory.QuestionButton(text=item.question)
                button.item_id = item.id
                button.bind(on_release=lambda b: self.open(b.item_id))
                rows.add_widget(button)
        if faq.opened is not None:
            self.ids.answer_q.text, self.ids.answer_a.text = faq.opened.question, faq.opened.answer
            self.ids.answer_src.text = f"{faq.opened.category} · {faq.opened.agency}"
            self.mode = "answer"
        elif faq.searched:
            self.mode = "list"

    def _after(self, work: Any) -> None:
        def run() -> Step:
            return work()

        self.do(run)

    def choose(self, category: str) -> None:
        self._after(lambda: self.flow.faq.choose(category))

    def type_key(self, word: str) -> None:
        step = self.flow.faq.type_key(word)
        self.error = step.error if step else None
        self.query = self.flow.faq.query

    def backspace(self) -> None:
        self.flow.faq.backspace()
        self.query = self.flow.faq.query

    def clear(self) -> None:
        self.flow.faq.clear()
        self.query = ""

    def search(self) -> None:
        self._after(self.flow.faq.search)

    def turn(self, delta: int) -> None:
        self._after(lambda: self.flow.faq.turn(delta))

    def open(self, item_id: int) -> None:
        self.flow.faq.open(item_id)
        self.refresh()

    def back_to_list(self) -> None:
        self.flow.faq.close()
        self.mode = "list"

    def to_keys(self) -> None:
        self.mode = "keys"


SCREEN = FaqScreen
