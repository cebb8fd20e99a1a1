"""Run ``onestop hub serve`` as a real subprocess for crash and scale-out tests."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from onestop.processes import free_port

HUB_COMMAND = [sys.executable, "-m", "onestop.cli", "hub"]


class HubProcess:
    def __init__(
        self,
        db_url: str,
        broker_url: str,
        workdir: Path,
        instance: str = "hub-1",
        shared: bool = False,
        env: dict[str, str] | None = None,
    ):
        self.db_url, self.broker_url, self.instance, self.shared = db_url, broker_url, instance, shared
        self.env = env  # extra ONESTOP_HUB_* settings (broker login, keys) on top of this process's env
        self.port = free_port()
        self.log = workdir / f"{instance}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._offset = 0  # where this start's lines begin in the log (a restarted hub appends)

    def start(self, timeout: float = 90.0) -> HubProcess:
        """Launch the hub and wait until it listens and is connected to its broker. A bound, not a wait: it
        returns as soon as the hub is up (seconds); on a loaded 2-core machine (CI, other suites beside)
        importing and starting the hub took 30-50 s, and 30 s failed tests."""
        return self.launch().wait_ready(timeout)

    def launch(self) -> HubProcess:
        """Launch the hub without waiting (``wait_ready`` then waits), so several hubs start side by side."""
        cmd = [*HUB_COMMAND, "serve", "--db", self.db_url, "--broker", self.broker_url]
        cmd += ["--http", f"127.0.0.1:{self.port}", "--instance", self.instance]
        if self.shared:
            cmd.append("--shared")
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            env = {**os.environ, **(self.env or {})}
            for key in (
                "ONESTOP_HUB_LIGHT_ID_KEY",
                "ONESTOP_HUB_ENROLMENT_ID_KEY",
                "ONESTOP_HUB_QUERY_PASSWORD_KEY",
            ):  # real keys, not the demo's
                env.setdefault(key, secrets.token_urlsafe(32))
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        self._offset = offset
        return self

    def wait_ready(self, timeout: float = 90.0) -> HubProcess:
        assert self.proc is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_bytes()[self._offset :].decode(errors="replace")
            if "listening on http://" in text and "connected to" in text:
                return self
            if self.proc.poll() is not None:
                raise AssertionError(f"hub exited with {self.proc.returncode}:\n{text}")
            time.sleep(0.05)
        raise AssertionError(f"hub did not come up in {timeout} s:\n{self.log.read_text(errors='replace')}")

    def health(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/health", timeout=5) as resp:
            result: dict[str, Any] = json.load(resp)
            return result

    def kill(self) -> None:
        """SIGKILL: no cleanup, whatever the hub had not committed is gone with it."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        """SIGTERM and the hub's exit code (AssertionError when it ignores SIGTERM for 15 s)."""
        return stop_all(self)[0]


def stop_all(*hubs: HubProcess) -> list[int]:
    """SIGTERM every hub at once, then their exit codes (a hub's clean stop takes seconds under load)."""
    for hub in hubs:
        if hub.proc is not None and hub.proc.poll() is None:
            hub.proc.send_signal(signal.SIGTERM)
    codes = []
    for hub in hubs:
        if hub.proc is None:
            codes.append(0)
            continue
        try:
            codes.append(hub.proc.wait(15))
        except subprocess.TimeoutExpired:
            hub.proc.kill()
            hub.proc.wait(5)
            raise AssertionError(f"hub {hub.instance} ignored SIGTERM") from None
    return codes


ONESTOP = [sys.executable, "-m", "onestop.cli"]


def start_fleet(
    broker_url: str, data_dir: Path, devices: int, events: int, *extra: str
) -> subprocess.Popen[str]:
    """``onestop simulate fleet`` as a subprocess (stdout+stderr captured as text)."""
    cmd = [*ONESTOP, "simulate", "fleet", "--broker", broker_url, "--devices", str(devices)]
    cmd += ["--events", str(events), "--data-dir", str(data_dir), *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def hub_stats(db_url: str) -> dict[str, Any]:
    """``onestop hub stats --json`` as a user runs it."""
    out = subprocess.run(
        [*ONESTOP, "hub", "stats", "--db", db_url, "--json"], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result
