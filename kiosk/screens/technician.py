"""Technician mode: device status from the agent, test print and test scan."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.messages import component_name
from kiosk.screens.base import KioskScreen


class TechnicianScreen(KioskScreen):
    status_text = StringProperty("")
    result = StringProperty("")

    def refresh(self) -> None:
        app, status = self.app, self.flow.device_status
        if status is None:
            self.status_text = ""
        else:
            online = app.tr("tech.online.yes" if status.online else "tech.online.no")
            lines = [app.tr("tech.online", state=online), app.tr("tech.queued", count=status.queued)]
            for comp in status.components:
                state = (
                    app.tr(f"tech.state.{comp.state}")
                    if comp.state in ("ok", "warning", "error")
                    else comp.state
                )
                lines.append(
                    app.tr(
                        "tech.component",
                        name=component_name(comp.name, app.lang),
                        state=state,
                        reason=comp.reason,
                    ).rstrip()
                )
            self.status_text = "\n".join(lines)
        self.result = app.trm(self.flow.tech_result)

    def test_print(self) -> None:
        self.do(self.flow.test_print)

    def test_scan(self) -> None:
        self.do(self.flow.test_scan)

    def reload(self) -> None:
        self.do(self.flow.refresh_status)


SCREEN = TechnicianScreen
