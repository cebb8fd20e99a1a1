"""Forms library, step 3: the chosen form, its version and date, one large print button; then what printed."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.screens.base import KioskScreen
from kiosk.steps import Msg


class FormsPrintScreen(KioskScreen):
    title = StringProperty("")
    detail = StringProperty("")
    done = StringProperty("")

    def refresh(self) -> None:
        forms, app = self.flow.forms, self.app
        item = forms.chosen
        self.title = item.label(app.lang) if item else ""
        self.detail = app.tr("forms.version", version=item.version, effective=item.effective) if item else ""
        done = app.tr("forms.printed", version=forms.printed) if forms.printed else ""
        printed_now = bool(done) and not self.done
        self.done = done
        if printed_now:
            self.say_again()  # the citizen hears that it printed and where to take it

    def speech(self) -> list[Msg]:
        return [Msg("speech.forms_printed" if self.flow.forms.printed else "speech.forms_print")]

    def print_form(self) -> None:
        self.do(self.flow.forms.print_chosen)

    def another(self) -> None:
        self.app.go_back()


SCREEN = FormsPrintScreen
