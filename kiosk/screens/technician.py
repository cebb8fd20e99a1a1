"""Technician mode: device status from the agent, test print and test scan.

A faulty component looks different from a working one (issue 18, defect 8): each line starts with a mark
of its own shape and colour (● green: works, ▲ amber: needs a look, ■ red and bold: faulty), and a failed
test is a red banner saying what is wrong, never the green "done" banner.
"""

from __future__ import annotations

import re

from kivy.properties import BooleanProperty, StringProperty
from kivy.utils import get_hex_from_color

from kiosk import theme
from kiosk.agent_api import ComponentStatus
from kiosk.linebreak import has_cjk
from kiosk.messages import MESSAGES, component_name, translate
from kiosk.screens.base import KioskScreen

STATE_COLOURS = {"ok": theme.NOTICE, "warning": theme.WARNING_TEXT, "error": theme.ERROR}
MARKS = {"ok": "●", "warning": "▲", "error": "■"}  # shape as well as colour: works, needs a look, faulty
PASSED = "✓"
CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")  # a machine name such as paper_out: never shown


def fault_words(comp: ComponentStatus, lang: str) -> str:
    """What is wrong with a component in the screen's language, never a raw code (issue 18 defect 7): the
    catalogue's words for its code (an older agent sent the code as its reason); the agent's own sentence
    only where it is in the screen's language (English); else "another problem: see the log"."""
    if comp.state == "ok" and not comp.code:
        return ""
    for code in (comp.code, comp.reason.strip()):
        if code and f"tech.fault.{code}" in MESSAGES and code not in ("other", "unlisted"):
            return translate(f"tech.fault.{code}", lang)
    if lang != "zh-TW" and comp.reason and not has_cjk(comp.reason) and not CODE.fullmatch(comp.reason):
        return comp.reason
    return translate("tech.fault.unlisted", lang) if comp.reason or comp.code else ""


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("[", "&bl;").replace("]", "&br;")


class TechnicianScreen(KioskScreen):
    status_text = StringProperty("")
    result = StringProperty("")
    ok = BooleanProperty(True)

    def refresh(self) -> None:
        app, flow, status = self.app, self.flow, self.flow.device_status
        if status is None:
            self.status_text = ""
        else:
            online = app.tr("tech.online.yes" if status.online else "tech.online.no")
            lines = [
                escape(app.tr("tech.online", state=online)),
                escape(app.tr("tech.queued", count=status.queued)),
            ]
            for comp in status.components:
                known = comp.state in STATE_COLOURS
                state = app.tr(f"tech.state.{comp.state}" if known else "tech.state.unknown")
                line = app.tr("tech.component", name=component_name(comp.name, app.lang), state=state,
                              reason=fault_words(comp, app.lang)).rstrip()  # fmt: skip
                kind = comp.state if known else "error"
                mark = MARKS[kind]
                colour = get_hex_from_color(STATE_COLOURS[kind])
                text = f"[color={colour}]{mark}[/color] {escape(line)}"
                lines.append(
                    text if kind == "ok" else f"[color={colour}][b]{mark} {escape(line)}[/b][/color]"
                )
            self.status_text = "\n".join(lines)
        self.ok = flow.tech_ok
        if flow.tech_result is None:
            self.result = ""
        elif flow.tech_ok:
            self.result = f"{PASSED} {app.trm(flow.tech_result)}"
        else:
            self.result = app.tr("tech.failed", test=app.tr(flow.tech_test), fault=app.trm(flow.tech_result))

    def test_print(self) -> None:
        self.do(self.flow.test_print)

    def test_scan(self) -> None:
        self.do(self.flow.test_scan)

    def reload(self) -> None:
        self.do(self.flow.refresh_status)


SCREEN = TechnicianScreen
