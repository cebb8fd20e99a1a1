"""Confirmation: what will be filed (personal data masked) and the fee; next, what will print and its cost."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.screens.base import KioskScreen


class ConfirmScreen(KioskScreen):
    summary = StringProperty("")

    def refresh(self) -> None:
        app, flow = self.app, self.flow
        service, identity = flow.service, flow.identity
        if service is None or identity is None:
            self.summary = ""
            return
        who = identity.display_name if identity.kind == "card" else identity.id_masked
        rows = [(app.tr("confirm.service"), service.name(app.lang)), (app.tr("confirm.applicant"), who)]
        if "phone" in service.fields:
            rows.append((app.tr("confirm.phone"), flow.phone))
        if "copies" in service.fields:
            rows.append((app.tr("confirm.copies"), str(flow.copies)))
        fee = flow.fee()
        rows.append((app.tr("confirm.fee"), f"NT${fee}" if fee else app.tr("catalogue.free")))
        self.summary = "\n".join(f"{label}：{value}" if app.lang == "zh-TW" else f"{label}: {value}"
                                 for label, value in rows)  # fmt: skip

    def submit(self) -> None:
        self.do(self.flow.plan_application)  # nothing is filed or printed before the print plan is seen

    def back(self) -> None:
        self.app.goto("apply")


SCREEN = ConfirmScreen
