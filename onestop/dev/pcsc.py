"""The machine's one pcscd with vpcd virtual readers, shared by every OneStop test run, demo and benchmark.

pcscd's socket (/run/pcscd/pcscd.comm) is fixed, so only one pcscd can run per machine. The first user
starts it with ``SLOTS`` vpcd reader slots on free ports and records it in a state file; each user
(``PrivatePcscd``) holds one slot through a per-slot file lock, so several test runs use the same
pcscd side by side; the last user to leave stops it by its PID. A pcscd that OneStop did not start is
never touched: start fails with a message saying how to stop it. The reader.conf directory holds only
the vpcd entries; pcscd's log is written next to it, never inside it.

Note: vpcd listens on all interfaces (it cannot be bound to loopback); run it on development machines only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from onestop.processes import free_port

PCSCD_RUN_DIR = Path("/run/pcscd")
PCSCD_PID_FILE = PCSCD_RUN_DIR / "pcscd.pid"
PCSCD_SOCKET = PCSCD_RUN_DIR / "pcscd.comm"
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
RUN_DIR = Path(tempfile.gettempdir())
LOCK_FILE = RUN_DIR / "onestop-pcscd.lock"  # held briefly while starting/stopping or picking a slot
STATE_FILE = RUN_DIR / "onestop-pcscd.json"  # the pcscd OneStop started: pid, ports, log
READER_FRIENDLY_NAME = "OneStop Virtual Reader"
#: One vpcd entry gives two slots (its port and port + 1). vpcd keeps global state, so a second entry
#: would shadow the first: two slots (two concurrent users) is the most one pcscd can offer.
ENTRIES = 1
SLOTS = 2 * ENTRIES


class PcscdError(RuntimeError):
    """pcscd cannot be started for the card emulator; the message says what to do."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError, IndexError):  # a zombie is dead for our purpose
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


def free_port_pair() -> int:
    """A port P such that P and P + 1 are both free (one vpcd entry listens on both)."""
    try:
        return free_port("0.0.0.0", count=2)
    except RuntimeError as exc:
        raise PcscdError(f"found no two consecutive free TCP ports for the vpcd reader: {exc}") from exc


def vpcd_reader_conf(ports: list[int]) -> str:
    return "\n".join(
        f'FRIENDLYNAME "{READER_FRIENDLY_NAME} {i}"\n'
        f"DEVICENAME   /dev/null:0x{port:04X}\n"
        f"LIBPATH      {VPCD_DRIVER}\n"
        f"CHANNELID    0x{port:04X}\n"
        for i, port in enumerate(ports)
    )


@dataclass(frozen=True)
class SharedPcscd:
    pid: int
    ports: list[int]  # base port of each vpcd entry
    log: str

    def slot_port(self, slot: int) -> int:
        return self.ports[slot // 2] + slot % 2

    @staticmethod
    def slot_reader(slot: int) -> str:
        return f"{READER_FRIENDLY_NAME} {slot // 2} 00 {slot % 2:02d}"


@contextlib.contextmanager
def _machine_lock(timeout: float) -> Iterator[None]:
    with open(LOCK_FILE, "a+") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PcscdError(
                        f"{LOCK_FILE} stayed locked for {timeout:.0f} s; is a OneStop run stuck?"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read_state() -> SharedPcscd | None:
    """The OneStop pcscd if it is the one running now; None otherwise."""
    try:
        data = json.loads(STATE_FILE.read_text())
        state = SharedPcscd(int(data["pid"]), [int(p) for p in data["ports"]], str(data["log"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state if running_pcscd_pid() == state.pid and len(state.ports) == ENTRIES else None


class PrivatePcscd:
    """One slot of the shared pcscd: ``reader_name`` is the PC/SC reader, ``vpcd_port`` where a card connects.

    ``slot_timeout``: how long to wait for a free slot when all are in use by other runs.
    """

    def __init__(self, workdir: Path | None = None, slot_timeout: float = 300.0) -> None:
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="onestop-pcscd-"))
        self.slot_timeout = slot_timeout
        self.proc: subprocess.Popen[bytes] | None = None  # set when this object started pcscd
        self.state: SharedPcscd | None = None
        self.slot: int | None = None
        self._slot_lock: IO[str] | None = None

    @property
    def vpcd_port(self) -> int:
        if self.state is None or self.slot is None:
            raise PcscdError("pcscd is not started")
        return self.state.slot_port(self.slot)

    @property
    def reader_name(self) -> str:
        if self.slot is None:
            raise PcscdError("pcscd is not started")
        return SharedPcscd.slot_reader(self.slot)

    @property
    def log_path(self) -> Path:
        return Path(self.state.log) if self.state else self.workdir / "pcscd.log"

    @property
    def pid(self) -> int | None:
        return self.state.pid if self.state else None

    def start(self) -> PrivatePcscd:
        if not (shutil.which("pcscd") or Path("/usr/sbin/pcscd").exists()) or not VPCD_DRIVER.exists():
            raise PcscdError(
                "pcscd or the vpcd driver is missing: run scripts/setup (pcscd, vsmartcard-vpcd)"
            )
        deadline = time.monotonic() + self.slot_timeout
        while True:
            with _machine_lock(60):
                state = _read_state() or self._start_pcscd()
                self.state = state
                if self._claim_slot():
                    return self
            if time.monotonic() >= deadline:
                raise PcscdError(
                    f"all {SLOTS} virtual reader slots stayed busy for {self.slot_timeout:.0f} s"
                )
            time.sleep(0.2)

    def _slot_file(self, slot: int) -> Path:
        return RUN_DIR / f"onestop-pcscd.slot{slot}.lock"

    def _claim_slot(self) -> bool:
        for slot in range(SLOTS):
            lock = open(self._slot_file(slot), "a+")  # noqa: SIM115 - kept open while we hold the slot
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            self.slot, self._slot_lock = slot, lock
            return True
        return False

    def _start_pcscd(self) -> SharedPcscd:
        self._refuse_foreign()
        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        config_dir = self.workdir / "reader.conf.d"
        config_dir.mkdir(parents=True, exist_ok=True)
        ports = [free_port_pair() for _ in range(ENTRIES)]
        (config_dir / "vpcd").write_text(vpcd_reader_conf(ports))
        log_path = self.workdir / "pcscd.log"
        with open(log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [binary, "--foreground", "--config", str(config_dir)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        state = SharedPcscd(self.proc.pid, ports, str(log_path))
        try:
            self._wait_ready(state)
        except PcscdError:
            self._terminate(state.pid)
            raise
        STATE_FILE.write_text(json.dumps({"pid": state.pid, "ports": ports, "log": state.log}))
        return state

    def _refuse_foreign(self) -> None:
        """Stop a pcscd a crashed OneStop run left behind (recorded, no slot held); refuse anyone else's."""
        pid = running_pcscd_pid()
        if pid is None:
            return
        try:
            recorded = int(json.loads(STATE_FILE.read_text())["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            recorded = None
        if recorded == pid:
            self._terminate(pid)
            return
        raise PcscdError(
            f"a pcscd not started by OneStop is running (pid {pid}) and owns {PCSCD_SOCKET}; only one "
            f"pcscd can run per machine: stop it (e.g. `kill {pid}`, or stop the pcscd service/socket) "
            "and try again"
        )

    def _wait_ready(self, state: SharedPcscd, timeout: float = 10.0) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        ports = [state.slot_port(s) for s in range(SLOTS)]
        # Not a probe connection: vpcd would take it for a card being inserted.
        while not (PCSCD_SOCKET.exists() and all(is_listening(p) for p in ports)):
            if self.proc.poll() is not None:
                raise PcscdError(f"pcscd exited with code {self.proc.returncode}; see {state.log}")
            if time.monotonic() >= deadline:
                raise PcscdError(
                    f"pcscd's vpcd readers did not listen on {ports} within {timeout:.0f} s; see {state.log}"
                )
            time.sleep(0.02)

    def _terminate(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if self.proc is not None and self.proc.pid == pid:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            return
        for _ in range(200):
            if not _pid_alive(pid):
                return
            time.sleep(0.05)

    def _others_hold_slots(self) -> bool:
        for slot in range(SLOTS):
            with open(self._slot_file(slot), "a+") as probe:
                try:
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return True
                fcntl.flock(probe, fcntl.LOCK_UN)
        return False

    def stop(self) -> None:
        """Give the slot back; the last user stops pcscd (only the one OneStop started)."""
        if self._slot_lock is not None:
            fcntl.flock(self._slot_lock, fcntl.LOCK_UN)
            self._slot_lock.close()
            self._slot_lock = None
            self.slot = None
            with _machine_lock(60):
                state = _read_state()
                if state is not None and not self._others_hold_slots():
                    self._terminate(state.pid)
                    with contextlib.suppress(OSError):
                        STATE_FILE.unlink()
        if self.proc is not None and self.proc.poll() is not None:
            self.proc = None

    def __enter__(self) -> PrivatePcscd:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
