"""Unpaid fines with the seed's columns (004:1798); tick up to five, one slip each (004:1794)."""

from __future__ import annotations

from typing import TypeVar

from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.fines import Fine, show_date
from kiosk.flow import Screen
from kiosk.screens.base import KioskScreen

COLUMNS = (
    ("tick", 0.07),
    ("fine_no", 0.2),
    ("issued", 0.14),
    ("decision", 0.25),
    ("amount", 0.15),
    ("due", 0.19),
)


class FineRow(BoxLayout):
    """A row of the fines table; the header row is one of these and takes no touch."""

    header = BooleanProperty(False)
    ticked = BooleanProperty(False)


R = TypeVar("R", bound=FineRow)


class FineLine(ButtonBehavior, FineRow):
    """One fine: the whole row is the touch target (90 px); ``ticked`` shades it."""

    fine_no = StringProperty("")


class FinesListScreen(KioskScreen):
    page = NumericProperty(0)
    pages = NumericProperty(1)
    total = StringProperty("")
    printed_note = StringProperty("")

    def refresh(self) -> None:
        fines, app = self.flow.fines, self.app
        self.page, self.pages = fines.page, fines.pages
        self.total = (
            app.tr("fines.total", count=len(fines.ticked), total=f"{fines.total:,}")
            if fines.ticked
            else app.tr("fines.print")
        )
        self.printed_note = app.tr("fines.printed", count=len(fines.printed)) if fines.printed else ""
        table = self.ids.get("table")
        if table is None:
            return
        table.clear_widgets()
        header = {c: app.tr(f"fines.col_{c}") for c, _ in COLUMNS[1:]}
        table.add_widget(self._fill(FineRow(header=True), {"tick": "", **header}))
        for fine in fines.visible():
            table.add_widget(self._fine_line(fine))
        if fines.looked_up and not fines.fines:
            table.add_widget(Factory.KLabel(text=app.tr("fines.none"), font_size=34 * app.scale))
        if fines.more:
            table.add_widget(Factory.KLabel(text=app.tr("fines.more")))

    def _fine_line(self, fine: Fine) -> FineLine:
        lang, ticked = self.app.lang, fine.fine_no in self.flow.fines.ticked
        amount = f"{fine.amount:,}" if fine.store else f"{fine.amount:,}\n" + self.app.tr("fines.bank")
        cells = {"tick": "■" if ticked else "□", "fine_no": fine.fine_no, "issued": show_date(fine.issued_on, lang),
                 "decision": fine.decision_no, "amount": amount, "due": show_date(fine.due_on, lang)}  # fmt: skip
        if self.flow.fines.detail == "card" and fine.rule:
            cells["decision"] += "\n" + self.app.tr("fines.detail_card", agency=fine.agency, rule=fine.rule)
        line = self._fill(FineLine(ticked=ticked), cells)
        line.fine_no = fine.fine_no
        line.bind(on_release=lambda row: self.toggle(row.fine_no))
        return line

    def _fill(self, line: R, cells: dict[str, str]) -> R:
        """The row's cells, one label per column; the header's in bold, a fine's tick box large."""
        for column, width in COLUMNS:
            label = Factory.FineCell(text=cells[column], size_hint_x=width, bold=line.header or column == "tick",
                                     halign="right" if column == "amount" else "left")  # fmt: skip
            if column == "tick" and not line.header:
                label.font_size = 44 * self.app.scale
            line.add_widget(label)
        return line

    def toggle(self, fine_no: str) -> None:
        step = self.flow.fines.toggle(fine_no)
        self.error = step.error
        self.refresh()

    def turn(self, delta: int) -> None:
        self.flow.fines.turn(delta)
        self.refresh()

    def print_ticked(self) -> None:
        self.do(self.flow.plan_fines)  # first what will print and what it comes to (issue 18, defect 4)

    def back(self) -> None:
        self.app.goto(Screen.FINES)


SCREEN = FinesListScreen
