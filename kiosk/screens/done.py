"""Done: case number and query password in large type (valid offline too), and what was printed."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.screens.base import KioskScreen
from kiosk.steps import Msg


class DoneScreen(KioskScreen):
    queued = BooleanProperty(False)  # the hub is away: the agent sends the case later
    case_no = StringProperty("")
    password = StringProperty("")
    password_hidden = BooleanProperty(False)  # shown once already: masked now, the receipt holds it
    printed = StringProperty("")
    problems = StringProperty("")

    def refresh(self) -> None:
        out = self.flow.outcome
        if out is None:
            return
        app = self.app
        self.queued, self.case_no = not out.online, out.case_no
        # shown once, in full; back on this screen later (after the slip check, say) it is masked
        self.password_hidden = self.flow.password_seen
        self.password = "●" * len(out.password) if self.password_hidden else out.password
        lines = list(dict.fromkeys(app.tr(f"done.printed.{name.split(':')[0]}") for name in out.printed))
        if out.fee:
            lines.append(app.tr("done.fee", fee=out.fee))
        self.printed = "\n".join(f"•\u00a0{line}" for line in lines)  # no line break after the bullet
        self.problems = "\n".join(app.trm(msg) for msg in out.print_errors)

    def on_leave(self, *args: object) -> None:
        if self.flow.outcome is not None:
            self.flow.password_seen = True
        self.password_hidden, self.password = True, "●" * len(self.password)

    def speech(self) -> list[Msg]:
        """Done (or queued while offline), then every print problem: the citizen hears what went wrong."""
        out = self.flow.outcome
        head = Msg("speech.done_queued" if out is not None and not out.online else "speech.done")
        return [head, *(out.print_errors if out is not None else ())]


SCREEN = DoneScreen
