"""IPP job and printer states to the contract's job states and to device health (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from edge_agent.devices.health import DeviceHealth
from wire.payloads.a4print import A4JobState

# RFC 8011 §5.3.7 job-state and §5.4.12 printer-state values
JOB_PENDING, JOB_HELD, JOB_PROCESSING, JOB_STOPPED, JOB_CANCELED, JOB_ABORTED, JOB_COMPLETED = (
    3,
    4,
    5,
    6,
    7,
    8,
    9,
)
PRINTER_IDLE, PRINTER_PROCESSING, PRINTER_STOPPED = 3, 4, 5

#: printer-state-reasons that mean the paper ran out (RFC 8011 / PWG 5100.9 keywords, with severity suffixes)
PAPER_OUT = ("media-empty", "media-needed")


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What CUPS says about the queue (``get-printer-attributes``)."""

    state: int
    reasons: tuple[str, ...]
    message: str
    accepting: bool

    @property
    def paper_out(self) -> bool:
        return any(r.startswith(PAPER_OUT) for r in self.reasons)


def job_state(ipp_state: int) -> A4JobState:
    """pending/held/stopped → pending; processing → printing; completed → completed; canceled/aborted → failed."""
    if ipp_state == JOB_PROCESSING:
        return A4JobState.PRINTING
    if ipp_state == JOB_COMPLETED:
        return A4JobState.COMPLETED
    if ipp_state in (JOB_CANCELED, JOB_ABORTED):
        return A4JobState.FAILED
    return A4JobState.PENDING


def printer_health(status: PrinterStatus | None, unreachable: str = "") -> DeviceHealth:
    """Paper out → error ``paper_out``; stopped or refusing jobs → error; CUPS unreachable → error."""
    if status is None:
        return DeviceHealth.error("unavailable", unreachable or "CUPS does not answer")
    if status.paper_out:
        return DeviceHealth.error("paper_out", f"A4 印表機缺紙 paper out: {status.message or 'media-empty'}")
    if status.state == PRINTER_STOPPED:
        return DeviceHealth.error(
            "stopped", f"A4 印表機已停止 printer stopped: {status.message or 'disabled'}"
        )
    if not status.accepting:
        return DeviceHealth.error("not_accepting", f"CUPS queue refuses jobs: {status.message}")
    return DeviceHealth.ok()


def waiting_reason(status: PrinterStatus | None) -> str:
    """Why a pending job waits, for the staff page ("" when it simply waits its turn)."""
    if status is None:
        return "CUPS does not answer"
    if status.paper_out:
        return "缺紙，請補紙 paper out: refill the A4 tray"
    if status.state == PRINTER_STOPPED:
        return f"印表機已停止 printer stopped: {status.message}"
    return ""


def reasons_of(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence):
        return tuple(str(v) for v in value)
    return ()
