"""Technician mode of the kiosk presenter: unlock with the code, device status, test print, test scan."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError, DeviceProblem
from kiosk.steps import Msg, Screen, Step, error_message


class TechnicianMode:
    """Mixed into KioskFlow, which sets these attributes and ``_printer_problem``."""

    client: AgentClient
    technician_code: str
    technician: bool
    device_status: api.DeviceStatus | None
    tech_result: Msg | None
    _printer_problem: Callable[[], Msg | None]  # KioskFlow's method

    # -- technician mode --------------------------------------------------------------------------
    def unlock_technician(self, code: str) -> Step:
        if not self.technician_code or not secrets.compare_digest(code, self.technician_code):
            return Step(error=Msg("error.technician_code"))
        self.technician = True
        return self.refresh_status()

    def refresh_status(self) -> Step:
        if not self.technician:
            return Step(Screen.WELCOME)
        try:
            self.device_status = self.client.status()
        except AgentError as exc:
            self.device_status = None
            return Step(Screen.TECHNICIAN, error_message(exc))
        return Step(Screen.TECHNICIAN)

    def test_print(self) -> Step:
        lines = [("device", "test"), ("time", dt.datetime.now().strftime("%Y-%m-%d %H:%M"))]
        return self._tech(
            lambda: self.client.send(api.print_receipt("測試列印 TEST", lines)), "tech.test_print_ok"
        )

    def test_scan(self) -> Step:
        def scan() -> None:
            result = api.parse_scan(self.client.send(api.scan(None)))
            if not result.completed and result.fault != "no_paper":  # an empty feeder answers: it works
                raise DeviceProblem(result.fault)

        return self._tech(scan, "tech.test_scan_ok")

    def _tech(self, action: Callable[[], object], ok_key: str) -> Step:
        if not self.technician:
            return Step(Screen.WELCOME)
        try:
            action()
            self.tech_result = self._printer_problem() if ok_key == "tech.test_print_ok" else None
            self.tech_result = self.tech_result or Msg(ok_key)
        except AgentError as exc:
            self.tech_result = error_message(exc)
        return self.refresh_status()
