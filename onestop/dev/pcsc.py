"""Start and stop the machine's one pcscd with a private vpcd virtual reader on a free port.

pcscd's socket (/run/pcscd/pcscd.comm) is fixed, so only one pcscd can run per machine. ``PrivatePcscd``
takes a machine-wide file lock first (so two test runs or demos on the same machine queue instead of
fighting), refuses to start when a pcscd it did not start holds the socket, and stops only the process
it started, by PID. Its reader.conf directory holds only the vpcd entry; the log goes elsewhere.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO

from onestop.processes import free_port

PCSCD_RUN_DIR = Path("/run/pcscd")
PCSCD_PID_FILE = PCSCD_RUN_DIR / "pcscd.pid"
PCSCD_SOCKET = PCSCD_RUN_DIR / "pcscd.comm"
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
LOCK_FILE = Path(tempfile.gettempdir()) / "onestop-pcscd.lock"
#: pid of the pcscd OneStop last started; lets a later run stop a leftover of a crashed run of ours.
OWNED_PID_FILE = Path(tempfile.gettempdir()) / "onestop-pcscd.owned-pid"
READER_FRIENDLY_NAME = "OneStop Virtual Reader"


class PcscdError(RuntimeError):
    """pcscd cannot be started for the card emulator; the message says what to do."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purpose.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def running_pcscd_pid() -> int | None:
    """The pid of the pcscd that owns the machine's socket, or None."""
    try:
        pid = int(PCSCD_PID_FILE.read_text().strip("\x00 \n"))  # pcscd writes a NUL after the newline
    except (OSError, ValueError):
        return None
    return pid if _pid_alive(pid) else None


def is_listening(port: int) -> bool:
    """True if some socket listens on TCP ``port`` (read from /proc, without connecting)."""
    wanted = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[1].endswith(wanted) and fields[3] == "0A":
                    return True
    return False


def vpcd_reader_conf(port: int) -> str:
    return (
        f'FRIENDLYNAME "{READER_FRIENDLY_NAME}"\n'
        f"DEVICENAME   /dev/null:0x{port:04X}\n"
        f"LIBPATH      {VPCD_DRIVER}\n"
        f"CHANNELID    0x{port:04X}\n"
    )


class PrivatePcscd:
    """pcscd in the foreground with one vpcd reader on ``vpcd_port``; use as a context manager.

    ``reader_name`` is the PC/SC name of the reader's first slot, where ``VirtualCard`` appears.
    """

    def __init__(
        self, vpcd_port: int | None = None, workdir: Path | None = None, lock_timeout: float = 120.0
    ) -> None:
        self.vpcd_port = vpcd_port or free_port()
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="onestop-pcscd-"))
        self.config_dir = self.workdir / "reader.conf.d"
        self.log_path = self.workdir / "pcscd.log"
        self.lock_timeout = lock_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self._lock: IO[str] | None = None
        self._log: IO[bytes] | None = None

    @property
    def reader_name(self) -> str:
        return f"{READER_FRIENDLY_NAME} 00 00"

    def start(self) -> PrivatePcscd:
        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        if not Path(binary).exists() or not VPCD_DRIVER.exists():
            raise PcscdError(
                "pcscd or the vpcd driver is missing: run scripts/setup (pcscd, vsmartcard-vpcd)"
            )
        self._acquire_lock()
        try:
            self._clear_leftover()
            self.config_dir.mkdir(parents=True, exist_ok=True)
            (self.config_dir / "vpcd").write_text(vpcd_reader_conf(self.vpcd_port))
            self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
            self.proc = subprocess.Popen(
                [binary, "--foreground", "--config", str(self.config_dir)],
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            OWNED_PID_FILE.write_text(f"{self.proc.pid}\n")
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _acquire_lock(self) -> None:
        lock = open(LOCK_FILE, "a+")  # noqa: SIM115 - kept open while we own pcscd
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    lock.close()
                    raise PcscdError(
                        f"another OneStop run holds pcscd (lock {LOCK_FILE}) for over "
                        f"{self.lock_timeout:.0f} s; wait for it to finish"
                    ) from None
                time.sleep(0.2)
        self._lock = lock

    def _clear_leftover(self) -> None:
        """Stop a pcscd a crashed OneStop run left behind; refuse to touch anyone else's."""
        pid = running_pcscd_pid()
        if pid is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if int(OWNED_PID_FILE.read_text().strip()) == pid:
                os.kill(pid, signal.SIGTERM)
                for _ in range(100):
                    if not _pid_alive(pid):
                        return
                    time.sleep(0.05)
        raise PcscdError(
            f"a pcscd not started by OneStop is running (pid {pid}) and owns {PCSCD_SOCKET}; only one "
            f"pcscd can run per machine: stop it (e.g. `kill {pid}`, or stop the pcscd service/socket) "
            "and try again"
        )

    def _wait_ready(self, timeout: float = 10.0) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while not PCSCD_SOCKET.exists():
            if self.proc.poll() is not None:
                raise PcscdError(f"pcscd exited with code {self.proc.returncode}; see {self.log_path}")
            if time.monotonic() >= deadline:
                raise PcscdError(f"pcscd did not create {PCSCD_SOCKET} within {timeout:.0f} s")
            time.sleep(0.02)
        # Not a probe connection: vpcd would take it for a card being inserted.
        while not is_listening(self.vpcd_port):
            if self.proc.poll() is not None:
                raise PcscdError(f"pcscd exited with code {self.proc.returncode}; see {self.log_path}")
            if time.monotonic() >= deadline:
                raise PcscdError(
                    f"the vpcd reader did not listen on port {self.vpcd_port}; see {self.log_path}"
                )
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            with contextlib.suppress(OSError, ValueError):
                if int(OWNED_PID_FILE.read_text().strip()) == self.proc.pid:
                    OWNED_PID_FILE.unlink()
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def __enter__(self) -> PrivatePcscd:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
