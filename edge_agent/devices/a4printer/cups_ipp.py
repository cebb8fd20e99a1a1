"""A CUPS server over IPP (pycups): submit a PDF, read a job's state, read the queue's state."""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edge_agent.devices.a4printer.states import PrinterStatus, reasons_of
from edge_agent.devices.errors import DeviceUnavailable


@dataclass(frozen=True, slots=True)
class JobInfo:
    cups_job: int
    ipp_state: int
    message: str
    title: str


class CupsServer:
    """One connection per call (pycups connections are not thread-safe); ``server`` is ``host:port`` or ''."""

    def __init__(self, server: str = "") -> None:
        self.host, _, port = server.rpartition(":") if ":" in server else (server, "", "")
        self.port = int(port) if port else 631
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        try:
            import cups
        except ImportError as exc:  # the agent extra installs pycups
            raise DeviceUnavailable(
                "pycups is not installed (pip install pycups; Debian libcups2-dev)"
            ) from exc
        try:
            if self.host:
                # printFile builds the printer URI from libcups' (per-thread) default server and port, so
                # set those as well as the connection's; every call here does both in the same thread.
                cups.setServer(self.host)
                cups.setPort(self.port)
                return cups.Connection(host=self.host, port=self.port)
            return cups.Connection()
        except (RuntimeError, cups.IPPError) as exc:
            raise DeviceUnavailable(
                f"cannot reach CUPS at {self.host or 'the local server'}: {exc}"
            ) from None

    def submit(self, queue: str, pdf: bytes, title: str, copies: int) -> int:
        import cups

        with self._lock, tempfile.TemporaryDirectory(prefix="onestop-a4-") as tmp:
            path = Path(tmp) / "document.pdf"
            path.write_bytes(pdf)
            conn = self._connect()
            try:
                return int(conn.printFile(queue, str(path), title, {"copies": str(copies)}))
            except cups.IPPError as exc:
                raise DeviceUnavailable(f"CUPS queue {queue} refused the document: {exc.args[-1]}") from None

    def job(self, cups_job: int) -> JobInfo:
        import cups

        with self._lock:
            conn = self._connect()
            try:
                a = conn.getJobAttributes(cups_job, requested_attributes=[
                    "job-state", "job-printer-state-message", "job-name"])  # fmt: skip
            except cups.IPPError as exc:
                raise DeviceUnavailable(f"CUPS does not know job {cups_job}: {exc.args[-1]}") from None
        return JobInfo(cups_job, int(a.get("job-state", 3)), str(a.get("job-printer-state-message", "")),
                       str(a.get("job-name", "")))  # fmt: skip

    def printer(self, queue: str) -> PrinterStatus:
        import cups

        with self._lock:
            conn = self._connect()
            try:
                a = conn.getPrinterAttributes(queue, requested_attributes=[
                    "printer-state", "printer-state-reasons", "printer-state-message",
                    "printer-is-accepting-jobs"])  # fmt: skip
            except cups.IPPError as exc:
                raise DeviceUnavailable(f"CUPS has no queue {queue}: {exc.args[-1]}") from None
        return PrinterStatus(
            int(a.get("printer-state", 3)),
            tuple(r for r in reasons_of(a.get("printer-state-reasons", ())) if r != "none"),
            str(a.get("printer-state-message", "")),
            bool(a.get("printer-is-accepting-jobs", True)),
        )
