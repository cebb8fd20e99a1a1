"""Before anything prints: each sheet that will come out, what printing costs, what is paid later and where;
then "print" or "back" (issue 18, defect 4)."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty

from kiosk.print_plan import PrintLine, PrintPlan
from kiosk.screens.base import KioskScreen
from kiosk.steps import Msg


class PrintPlanScreen(KioskScreen):
    total = StringProperty("")
    notes = StringProperty("")
    go_text = StringProperty("")
    consent = BooleanProperty(False)  # an application: pressing "print" files it, with the citizen's consent

    def refresh(self) -> None:
        plan: PrintPlan | None = self.flow.print_plan
        rows = self.ids.get("rows")
        if plan is None or rows is None:
            return
        app = self.app
        rows.clear_widgets()
        for line in plan.lines:
            row = Factory.PlanRow()
            row.item, row.price = self._item(line), self._price(line)
            rows.add_widget(row)
        cost = plan.print_cost
        self.total = app.tr("print.total", total=cost) if cost else app.tr("print.total_free")
        notes = []
        if plan.action == "application":
            notes.append(app.tr("print.fee_later", fee=plan.fee) if plan.fee else app.tr("print.no_fee"))
        if plan.pay_at_store:
            notes.append(app.tr("print.pay_at_store", amount=f"{plan.pay_at_store:,}"))
        if plan.return_scan:
            notes.append(app.tr("print.return_scan", price=plan.return_scan))
        self.notes = "\n".join(f"•\u00a0{note}" for note in notes)
        self.consent = plan.action == "application"
        self.go_text = app.tr("confirm.submit" if self.consent else "print.go")

    def speech(self) -> list[Msg]:
        """What to check and the button that goes on, then what printing costs."""
        plan: PrintPlan | None = self.flow.print_plan
        head = Msg(
            "speech.print_plan_apply"
            if plan is not None and plan.action == "application"
            else "speech.print_plan"
        )
        if plan is None:
            return [head]
        cost = plan.print_cost
        return [head, Msg("print.total", {"total": cost}) if cost else Msg("print.total_free")]

    def _item(self, line: PrintLine) -> str:
        key = f"print.item.{line.kind}"
        if line.kind == "form" and self.app.lang != "zh-TW":
            key = "print.item.form_count"  # the form's title is Chinese only
            return self.app.tr(key, count=line.count)
        return self.app.tr(key, title=line.title, count=line.count)

    def _price(self, line: PrintLine) -> str:
        if not line.price:
            return self.app.tr("print.free")
        return self.app.tr("print.each", price=line.price_each, total=line.price)

    def go(self) -> None:
        self.do(self.flow.confirm_print)

    def back(self) -> None:
        self.flow.print_plan = None
        self.app.go_back()

    def on_leave(self, *args: Any) -> None:
        self.error = None


SCREEN = PrintPlanScreen
