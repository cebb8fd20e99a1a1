"""Start and stop the real components a demo, test or benchmark needs: free ports, Mosquitto, amqtt.

Every process is started on a port chosen here (never a standard one) and stopped by its PID.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

#: Listening ports are drawn at random from below the kernel's ephemeral range (32768-60999 on Linux): the
#: kernel hands ports of that range to every outgoing connection (a test's PostgreSQL or MQTT client), and a
#: port it lends one after we checked it is free makes the broker or hub we start there fail with "address
#: in use". A port is never handed out twice by one process, so two servers of one test never share one.
LISTEN_PORTS = range(20000, 32000)
_handed_out: set[int] = set()
_ports_lock = threading.Lock()


def _bindable(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def free_port(host: str = "127.0.0.1", *, count: int = 1) -> int:
    """A TCP port nobody listens on right now (``count`` > 1: the first of that many consecutive free ports)."""
    with _ports_lock:
        for _ in range(1000):
            port = random.randrange(LISTEN_PORTS.start, LISTEN_PORTS.stop - count)
            ports = range(port, port + count)
            if _handed_out.isdisjoint(ports) and all(_bindable(host, p) for p in ports):
                _handed_out.update(ports)
                return port
    raise RuntimeError(
        f"no {count} free TCP port(s) in {LISTEN_PORTS.start}-{LISTEN_PORTS.stop - 1} on {host} after 1000 tries"
    )


def wait_for_port(host: str, port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
            return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout:.0f} s")


class Mosquitto:
    """A private Mosquitto broker on a free loopback port, with its own config file.

    ``extra_config`` lines are appended (password_file, acl_file, ...). ``kill()`` is SIGKILL with
    persistence off, so everything in flight is lost; ``start()`` again uses the same port.
    """

    def __init__(self, port: int | None = None, extra_config: str = "", workdir: Path | None = None) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not Path(binary).exists():
            raise FileNotFoundError("mosquitto is not installed: run scripts/setup")
        self.binary = binary
        self.port = port or free_port()
        self.dir = workdir or Path(tempfile.mkdtemp(prefix="onestop-mosquitto-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.config = self.dir / "mosquitto.conf"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\n"
            "persistence false\n"
            "max_queued_messages 100000\n"
            "max_inflight_messages 100\n"
            "set_tcp_nodelay true\n"  # deliveries go out at once, not after a delayed TCP ACK (issue 19)
            f"{'allow_anonymous true' if 'password_file' not in extra_config else 'allow_anonymous false'}\n"
            f"log_dest file {self.dir / 'mosquitto.log'}\n"
            "log_type error\nlog_type warning\nlog_type notice\n"
            f"{extra_config}\n"
        )
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> Mosquitto:
        self.proc = subprocess.Popen(
            [self.binary, "-c", str(self.config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port("127.0.0.1", self.port)
        return self

    def kill(self) -> None:
        """SIGKILL: the broker dies with whatever it held."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(5)

    def reload(self) -> None:
        """SIGHUP: re-read password file and ACL."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def __enter__(self) -> Mosquitto:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running(
    cmd: list[str], env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``cmd`` for the duration of the block; terminate it (then kill) by PID afterwards."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if log:
            out.close()  # type: ignore[union-attr]
