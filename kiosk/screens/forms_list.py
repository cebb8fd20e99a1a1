"""Forms library, step 2: a category's forms, three to a page, each with its version in force."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import NumericProperty, StringProperty

from kiosk.screens.base import KioskScreen


class FormsListScreen(KioskScreen):
    title = StringProperty("")
    page = NumericProperty(0)
    pages = NumericProperty(1)

    def refresh(self) -> None:
        forms, app = self.flow.forms, self.app
        self.title = forms.category.label(app.lang) if forms.category else app.tr("forms.title")
        self.page, self.pages = forms.page, forms.pages
        rows = self.ids.get("rows")
        if rows is None:
            return
        rows.clear_widgets()
        for item in forms.forms_shown():
            button = Factory.FormButton(
                text=f"{item.label(app.lang)}　{app.tr('forms.version', version=item.version, effective=item.effective)}"
            )
            button.code = item.code
            button.bind(on_release=lambda b: self.do(lambda: self.flow.forms.pick(b.code)))
            rows.add_widget(button)

    def turn(self, delta: int) -> None:
        self.do(lambda: self.flow.forms.turn(delta))


SCREEN = FormsListScreen
