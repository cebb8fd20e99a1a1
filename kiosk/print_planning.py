"""What a print puts in the citizen's hand, said before anything prints (issue 18, defect 4), and a receipt
read back by the scanner (defect 3): the presenter's part, mixed into KioskFlow; pure, no Kivy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError
from kiosk.catalogue import Service
from kiosk.fines import FinesFlow
from kiosk.keypads import InvalidEntry, check_case_no
from kiosk.print_plan import PrintPlan, application_plan, fines_plan, slips_plan
from kiosk.steps import DEVICE_CODES, Msg, Screen, Step, error_message
from wire.printed import QueryQr, query_from_qr


class PrintPlanning:
    """Mixed into KioskFlow, which sets these attributes and the methods named here."""

    client: AgentClient
    service: Service | None
    identity: Any
    progress: dict[str, Any] | None
    fines: FinesFlow
    print_plan: PrintPlan | None
    receipt_read: QueryQr | None
    fee: Callable[[], int]
    submit_application: Callable[[], Step]
    print_slips: Callable[[Screen], Step]
    # where printed slips leave the citizen (progress or chosen-password slip)
    slips_back_to: Screen = Screen.PROGRESS

    # -- what will print and what it costs, before anything prints (issue 18, defect 4) -------------
    def plan_application(self) -> Step:
        """From the confirm screen: say what the application prints and costs before it is filed."""
        if self.service is None or self.identity is None:
            return Step(Screen.WELCOME, Msg("error.session_ended"))
        self.print_plan = application_plan(self.service, self.fee())
        return Step(Screen.PRINT_PLAN)

    def plan_slips(self, back_to: Screen = Screen.PROGRESS) -> Step:
        """From the progress (or chosen-password slip) answer: the slips that would print and the amounts to
        pay at the counter; after printing the citizen is back on ``back_to``."""
        slips = (self.progress or {}).get("slips") or ()
        if not slips:
            return Step(error=Msg("error.general"))
        self.slips_back_to = back_to
        self.print_plan = slips_plan(slips)
        return Step(Screen.PRINT_PLAN)

    def plan_fines(self) -> Step:
        """From the fines list: one receipt and slip per ticked fine, their total paid at the counter."""
        ticked = [f for f in self.fines.fines if f.fine_no in self.fines.ticked]
        if not ticked:
            return Step(error=Msg("fines.tick_first"))
        self.print_plan = fines_plan((f.fine_no, f.amount) for f in ticked)
        return Step(Screen.PRINT_PLAN)

    def confirm_print(self) -> Step:
        """The citizen saw the plan and pressed "print": do what it said, nothing else."""
        plan = self.print_plan
        if plan is None:
            return Step(Screen.WELCOME, Msg("error.session_ended"))
        if plan.action == "application":
            step = self.submit_application()
        elif plan.action == "fines":
            printed = self.fines.print_ticked()
            step = printed if printed.error else Step(Screen.FINES_LIST)
        else:
            step = self.print_slips(self.slips_back_to)
        if step.screen is not None or step.error is None:
            self.print_plan = None
        return step

    def read_receipt(self) -> Step:
        """Read the QR of the receipt the citizen put in the scanner: case number and password, so nobody
        types 17 + 8 characters (issue 18, defect 3). The pages are neither kept nor sent by the agent."""
        try:
            codes = api.parse_codes(self.client.send(api.scan_codes()))
        except AgentError as exc:
            return Step(error=error_message(exc))
        if codes.fault:
            key = f"error.device.{codes.fault}" if codes.fault in DEVICE_CODES else "error.general"
            return Step(error=Msg("error.receipt_no_paper" if codes.fault == "no_paper" else key))
        found = next((q for q in map(query_from_qr, codes.texts) if q is not None), None)
        if found is None:
            return Step(error=Msg("error.receipt_unreadable"))
        try:
            self.receipt_read = QueryQr(check_case_no(found.case_no), found.password)
        except InvalidEntry:
            return Step(error=Msg("error.receipt_unreadable"))
        return Step()
