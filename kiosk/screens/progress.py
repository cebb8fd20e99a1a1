"""Case progress query by case number and query password: typed on a pad that offers only what fits next,
or read from the receipt's QR code by the scanner; the answer shows amounts, deadlines and the staff's note."""

from __future__ import annotations

from typing import Any, ClassVar

from kivy.properties import DictProperty, NumericProperty, OptionProperty, StringProperty

from kiosk.dates import long_date
from kiosk.keypads import PadKind, PadState, code_formats
from kiosk.linebreak import has_cjk
from kiosk.screens.base import FieldSpecs, PadScreen
from kiosk.steps import Msg

MASK = "●" * 8


class ProgressScreen(PadScreen):
    BAR_TITLE = "progress.title"  # in the bar: two fields, an error and the buttons need the column's height
    FIELDS: ClassVar[FieldSpecs] = {"case_no": PadKind.CASE_NO, "password": PadKind.QUERY_PASSWORD}
    texts = StringProperty("progress")  # the message keys' prefix (the slip screen shares this layout)
    password_hint = StringProperty("progress.hint_password")
    result = StringProperty("")
    slips = NumericProperty(0)
    slips_note = StringProperty("")
    formats = DictProperty(code_formats())
    panel = OptionProperty("pad", options=["pad", "scan", "answer"])  # what the right half shows
    case_hint = StringProperty("progress.hint_case_no")  # follows the position typed, as the pad does

    def refresh(self) -> None:
        progress, app = self.flow.progress, self.app
        if self.flow.receipt_read is not None:
            self._fill_from_receipt()
        if not progress:
            self.result, self.slips, self.slips_note = "", 0, ""
            self._show_panel()
            return
        chinese = app.lang == "zh-TW"
        # one language per screen: the hub's English names on an English screen; a name it has only in
        # Chinese (a service no longer in the catalogue) is left out there rather than shown in Chinese
        service = progress.get("service_name" if chinese else "service_name_en")
        milestone = progress.get("milestone_name" if chinese else "milestone_name_en")
        lines = [str(progress.get("case_no") or ""), str(service or "")]
        if progress.get("closed"):
            lines.append(app.tr("progress.closed"))
        elif milestone:
            lines.append(app.tr("progress.milestone", name=milestone))
        elif progress.get("milestone_name"):
            lines.append(app.tr("progress.milestone_unnamed"))
        if progress.get("waiting_for_supplement"):
            lines.append(app.tr("progress.supplement"))
            note = progress.get("supplement_note")
            if note and (chinese or not has_cjk(note)):
                lines.append(app.tr("progress.supplement_note", note=note))
            elif note:  # staff write in Chinese: the English screen says there is a note and where to read it
                lines.append(app.tr("progress.supplement_note_chinese"))
        if progress.get("due_on") and not progress.get("closed"):
            lines.append(app.tr("progress.due", date=long_date(progress["due_on"], app.lang)))
        slips = progress.get("slips") or ()
        self.slips = len(slips)
        for index, slip in enumerate(slips, 1):
            lines.append(app.tr("progress.slip_line", index=index, amount=f"{slip['amount']:,}",
                                date=long_date(slip["due_on"], app.lang)))  # fmt: skip
        for bank in progress.get("bank_only") or ():
            lines.append(app.tr("progress.bank_only", amount=f"{bank['amount']:,}", payment_no=bank["payment_no"],
                                date=long_date(bank["due_on"], app.lang)))  # fmt: skip
        printed = self.flow.slips_printed
        self.slips_note = app.tr("progress.slips_printed", count=printed) if printed else ""
        self.result = "\n".join(line for line in lines if line)
        self._show()

    def _fill_from_receipt(self) -> None:
        """The receipt's QR filled the fields: ask at once when it held the password too."""
        read, self.flow.receipt_read = self.flow.receipt_read, None
        self.pads["case_no"] = PadState(PadKind.CASE_NO, read.case_no.replace("-", ""))
        self.pads["password"] = PadState(PadKind.QUERY_PASSWORD, read.password or "")
        self.panel = "pad"
        if read.password:
            self.active = "password"
            self._show()
            self.submit()
        else:
            self.activate("password")
            self.notice = Msg("progress.read_case_only")

    def _show(self) -> None:
        super()._show()
        typed = len(self.pads["case_no"].text)
        self.case_hint = (
            "progress.hint_case_no"
            if typed == 0
            else "progress.hint_date"
            if typed < 7
            else "progress.hint_tail"
        )
        if self.result and self.values.get("password"):  # the answer is up: the password was seen once
            self.values = {**self.values, "password": MASK}

    def print_slips(self) -> None:
        self.do(self.flow.plan_slips)

    def scan_receipt(self) -> None:
        self.error, self.notice = None, None
        self.panel = "scan"

    def read_receipt(self) -> None:
        self.do(self.flow.read_receipt)

    def type_instead(self) -> None:
        self.error = None
        self.panel = "pad"

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        # ids are weak references; keep every panel alive while it is detached
        self._buttons = {name: self.ids[name].__self__ for name in ("again", "scan_receipt", "submit")}
        self._panels = {name: self.ids[name].__self__ for name in ("entry", "scan_panel", "answer")}
        self._show_panel()

    def on_result(self, _screen: object, result: str) -> None:
        self._show_panel()
        self.say_again()  # the answer came, or "check another case" brought the pad back

    def on_panel(self, _screen: object, panel: str) -> None:
        self._show_panel()
        self.say_again()

    def speech(self) -> list[Msg]:
        """What the right half asks for: the pad, the scanner, or the answer; and a notice shown with it."""
        key = (
            "speech.progress_answer"
            if self.result
            else "speech.progress_scan"
            if self.panel == "scan"
            else "speech.progress"
        )
        return [Msg(key), *([self.notice] if self.notice is not None else [])]

    def on_notice(self, _screen: object, notice: Msg | None) -> None:
        if notice is not None:
            self.say_again()

    def _show_panel(self) -> None:
        """The keypad, the scanner's instructions, or the answer with a button to ask about another case."""
        right = self.ids.get("right")
        if right is None or not hasattr(self, "_panels"):
            return
        name = "answer" if self.result else "scan_panel" if self.panel == "scan" else "entry"
        if not (right.children and right.children[0] is self._panels[name]):
            right.clear_widgets()
            right.add_widget(self._panels[name])
        # under the fields: "ask about another case" with the answer (its room goes to the answer), else
        # "scan receipt" and "check"
        buttons = self.ids["buttons"]
        wanted = ["again"] if self.result else ["scan_receipt", "submit"]
        if [w for w in reversed(buttons.children)] != [self._buttons[n] for n in wanted]:
            buttons.clear_widgets()
            for name in wanted:
                buttons.add_widget(self._buttons[name])

    def press(self, key: str) -> None:
        self.notice = None
        super().press(key)

    def on_leave(self, *args: Any) -> None:
        if self.flow.print_plan is not None:
            return  # gone to say what the slips cost: the answer waits here for "back"
        super().on_leave(*args)
        self.flow.progress = None
        self.result, self.panel, self.notice = "", "pad", None

    def again(self) -> None:
        self.flow.progress = None
        self.clear_fields()
        self.panel = "pad"
        self.refresh()

    def submit(self) -> None:
        case_no, password = self.text("case_no"), self.text("password")
        self.do(lambda: self.flow.query_progress(case_no, password))


SCREEN = ProgressScreen
