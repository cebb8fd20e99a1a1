"""Where A4 forms go: a CUPS queue through ``lp``, or a directory another program (or a person) prints from."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

from edge_agent.devices.errors import DeviceUnavailable

_JOB = re.compile(r"^[0-9a-f]{32}$")


class PrintQueue(Protocol):
    def submit(self, job_id: str, pdf: bytes, copies: int = 1) -> str:
        """Hand the PDF over; returns the queue's own job reference. Same job id twice: one copy."""
        ...

    def available(self) -> tuple[bool, str]: ...


class DirectoryQueue:
    """Writes ``<job>.pdf`` (and a ``.copies`` note) atomically into a folder; a job id is written once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def submit(self, job_id: str, pdf: bytes, copies: int = 1) -> str:
        if not _JOB.fullmatch(job_id):
            raise ValueError("job id must be 32 hex digits")
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{job_id}.pdf"
        if target.exists():
            return str(target)
        tmp = self.directory / f".{job_id}.tmp"
        tmp.write_bytes(pdf)
        os.replace(tmp, target)
        if copies != 1:
            (self.directory / f"{job_id}.copies").write_text(str(copies))
        return str(target)

    def available(self) -> tuple[bool, str]:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return False, f"form queue folder {self.directory} cannot be used: {exc.strerror}"
        return True, ""


class CupsQueue:
    """``lp -d QUEUE`` with the PDF on stdin; the job title is the job id, so a resent id is detectable."""

    def __init__(self, queue: str, lp: str | None = None) -> None:
        self.queue = queue
        self.lp = lp or shutil.which("lp") or "lp"
        self._sent: set[str] = set()

    def submit(self, job_id: str, pdf: bytes, copies: int = 1) -> str:
        if job_id in self._sent:
            return job_id
        try:
            done = subprocess.run(
                [self.lp, "-d", self.queue, "-n", str(copies), "-t", job_id, "-"],
                input=pdf, capture_output=True, timeout=30, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeviceUnavailable(f"lp could not reach CUPS queue {self.queue}: {exc}") from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise DeviceUnavailable(f"CUPS queue {self.queue} refused the form: {message}")
        self._sent.add(job_id)
        return done.stdout.decode(errors="replace").strip()

    def available(self) -> tuple[bool, str]:
        lpstat = shutil.which("lpstat")
        if lpstat is None:
            return False, "lpstat is not installed (cups-client)"
        try:
            done = subprocess.run([lpstat, "-p", self.queue], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"cannot ask CUPS about {self.queue}: {exc}"
        if done.returncode != 0:
            return (
                False,
                f"CUPS queue {self.queue} is not available: {done.stderr.decode(errors='replace').strip()}",
            )
        return True, ""
