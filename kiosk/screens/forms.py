"""Forms library, step 1: the categories (seed 002's 23) as large buttons, two to a row, paged."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty

from kiosk.screens.base import KioskScreen
from kiosk.steps import Msg


class FormsScreen(KioskScreen):
    offline = BooleanProperty(False)
    page = NumericProperty(0)
    pages = NumericProperty(1)

    def on_enter(self, *args: Any) -> None:
        if not self.flow.forms.categories:  # once per citizen (a new citizen gets a new presenter)
            self.do(self.flow.forms.load)

    def refresh(self) -> None:
        forms, app = self.flow.forms, self.app
        self.offline = not forms.online
        self.page, self.pages = forms.cat_page, forms.cat_pages
        grid = self.ids.get("grid")
        if grid is None:
            return
        grid.clear_widgets()
        for category in forms.categories_shown():
            button = Factory.FormCategoryButton(
                text=app.tr("forms.count", name=category.label(app.lang), count=category.count)
            )
            button.code = category.code
            button.bind(on_release=lambda b: self.do(lambda: self.flow.forms.choose(b.code)))
            grid.add_widget(button)

    def speech(self) -> list[Msg]:
        """The instruction, and that the copies kept here are printed while the hub is out of reach."""
        return [Msg("speech.forms"), *([Msg("forms.offline")] if self.offline else [])]

    def on_offline(self, _screen: object, offline: bool) -> None:
        if offline:  # learnt after arrival (the categories load in the background): say it now
            self.say_again()

    def turn(self, delta: int) -> None:
        self.do(lambda: self.flow.forms.turn_categories(delta))


SCREEN = FormsScreen
