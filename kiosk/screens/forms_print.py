"""Forms library, step 3: the chosen form, its version and date, one large print button; then what printed."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.screens.base import KioskScreen


class FormsPrintScreen(KioskScreen):
    title = StringProperty("")
    detail = StringProperty("")
    done = StringProperty("")

    def refresh(self) -> None:
        forms, app = self.flow.forms, self.app
        item = forms.chosen
        self.title = item.label(app.lang) if item else ""
        self.detail = app.tr("forms.version", version=item.version, effective=item.effective) if item else ""
        self.done = app.tr("forms.printed", version=forms.printed) if forms.printed else ""

    def print_form(self) -> None:
        self.do(self.flow.forms.print_chosen)

    def another(self) -> None:
        self.app.go_back()


SCREEN = FormsPrintScreen
