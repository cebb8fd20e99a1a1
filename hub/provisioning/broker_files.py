"""Write the broker's password file and ACL atomically, then make the broker reload them (SIGHUP).

Mosquitto re-reads ``password_file`` and ``acl_file`` on SIGHUP; ``reload`` is whatever does that here:
a PID file, a command (``systemctl reload mosquitto``) or, in tests, ``onestop.processes.Mosquitto.reload``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from hub.provisioning.broker_auth import DeviceGrant, ServiceAccount, acl_file, password_file

log = logging.getLogger(__name__)


class BrokerReloadError(RuntimeError):
    """The files were written but the broker could not be told to reload them."""


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o640)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def reload_by_pidfile(pidfile: Path) -> Callable[[], None]:
    def reload() -> None:
        try:
            pid = int(Path(pidfile).read_text().strip())
            os.kill(pid, signal.SIGHUP)
        except (OSError, ValueError) as exc:
            raise BrokerReloadError(f"cannot signal the broker from PID file {pidfile}: {exc}") from None

    return reload


def reload_by_command(command: str) -> Callable[[], None]:
    def reload() -> None:
        result = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise BrokerReloadError(
                f"{command!r} failed ({result.returncode}): {result.stderr.strip()[:200]}"
            )

    return reload


@dataclass
class BrokerFiles:
    """Where the hub writes the broker's auth files and how it makes the broker reload them."""

    password_path: Path
    acl_path: Path
    reload: Callable[[], None] | None = None

    def write(self, devices: Iterable[DeviceGrant], services: Iterable[ServiceAccount]) -> None:
        """Render both files first (a bad entry changes nothing), then replace them and reload the broker."""
        devices, services = list(devices), list(services)
        passwords, acl = password_file(devices, services), acl_file(devices, services)
        _atomic_write(self.acl_path, acl)
        _atomic_write(self.password_path, passwords)
        if self.reload is not None:
            self.reload()
        log.info("broker auth files written: %d devices, %d services", len(devices), len(services))
