"""Technician mode of the kiosk presenter: unlock with the code, device status, test print, test scan."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError, AgentUnavailable, DeviceProblem
from kiosk.steps import DEVICE_CODES, Msg, Screen, Step


class TechnicianMode:
    """Mixed into KioskFlow, which sets these attributes and ``_printer_problem``."""

    client: AgentClient
    technician_code: str
    technician: bool
    device_status: api.DeviceStatus | None
    tech_result: Msg | None
    tech_ok: bool
    tech_test: str
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
            return Step(Screen.TECHNICIAN, fault_message(exc))
        return Step(Screen.TECHNICIAN)

    def test_print(self) -> Step:
        lines = [("device", "test"), ("time", dt.datetime.now().strftime("%Y-%m-%d %H:%M"))]
        return self._tech(
            lambda: self.client.send(api.print_receipt("測試列印 TEST", lines)), "tech.test_print"
        )

    def test_scan(self) -> Step:
        def scan() -> None:
            result = api.parse_scan(self.client.send(api.scan(None)))
            if not result.completed and result.fault != "no_paper":  # an empty feeder answers: it works
                raise DeviceProblem(result.fault)

        return self._tech(scan, "tech.test_scan")

    def _tech(self, action: Callable[[], object], test: str) -> Step:
        """Run a test; ``tech_ok`` says whether it passed and ``tech_result`` what the technician reads."""
        if not self.technician:
            return Step(Screen.WELCOME)
        self.tech_test = test
        try:
            action()
            problem = self._printer_problem() if test == "tech.test_print" else None
        except AgentError as exc:
            self.tech_ok, self.tech_result = False, fault_message(exc)
        else:
            # a job the agent accepted but a printer that is not ready (out of paper...) is a failed test
            self.tech_ok = problem is None
            self.tech_result = Msg(f"{test}_ok") if problem is None else fault_of(problem)
        return self.refresh_status()


def fault_message(exc: AgentError) -> Msg:
    """What failed, for the technician (``tech.fault.*``), from the agent's error."""
    if isinstance(exc, AgentUnavailable):
        return Msg("tech.fault.agent")
    if isinstance(exc, DeviceProblem) and exc.code in DEVICE_CODES:
        return Msg(f"tech.fault.{exc.code}")
    return Msg("tech.fault.other", {"code": exc.code})


def fault_of(problem: Msg) -> Msg:
    """The citizen's printer notice (``error.device.<code>``) as the technician's fault text."""
    code = str(problem.params.get("text", "")) if problem.key == "error.agent_says" else problem.key
    code = code.removeprefix("error.device.")
    return Msg(f"tech.fault.{code}") if code in DEVICE_CODES else Msg("tech.fault.other", {"code": code})
