"""Return documents: scan the signed pages and see each one accepted (or flagged for staff)."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.screens.base import KioskScreen


class ReturnsScreen(KioskScreen):
    result = StringProperty("")

    def refresh(self) -> None:
        scan, app = self.flow.scan_result, self.app
        if scan is None:
            self.result = ""
            return
        lines = [
            app.tr("returns.accepted", index=p.index + 1, case_no=p.case_no)  # the agent counts from 0
            if p.accepted
            else app.tr("returns.flagged", index=p.index + 1)
            for p in scan.pages
        ]
        accepted = sum(1 for p in scan.pages if p.accepted)
        lines.insert(0, app.tr("returns.summary", total=len(scan.pages), accepted=accepted))
        self.result = "\n".join(lines)

    def scan(self) -> None:
        self.do(self.flow.scan_returns)


SCREEN = ReturnsScreen
