"""A private OpenSSH SFTP server for tests and the demo: its own config, host key and port, SFTP only.

Run as root, it drops to the dedicated ``onestop-sftp`` account (scripts/setup makes it) (sshd's non-root mode: it can only log in the
user it runs as); run as anyone else, it runs as that user. Stopped by its PID. The SFTP root is a directory
owned by that user; every agency gets a sub-directory.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop.processes import free_port, wait_for_port

SFTP_USER = "onestop-sftp"  # made by scripts/setup: a system account whose password field is not locked
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def new_ed25519(path: Path) -> str:
    """Write an OpenSSH Ed25519 private key to ``path`` (0600); return its public line ``ssh-ed25519 AAAA...``."""
    key = Ed25519PrivateKey.generate()
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        )
    )
    path.chmod(0o600)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return public.decode()


class PrivateSshd:
    """``sshd -D -f <own config>`` on 127.0.0.1:<port>, public-key login for one key, ``internal-sftp`` only."""

    def __init__(self, client_public_key: str, port: int | None = None) -> None:
        if not Path(SSHD).exists():
            raise FileNotFoundError(
                "sshd is not installed: run scripts/setup (Debian package openssh-server)"
            )
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="onestop-sshd-"))
        self.root = self.dir / "sftp"
        self.root.mkdir()
        account = pwd.getpwnam(SFTP_USER) if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        self.user, self._uid, self._gid = account.pw_name, account.pw_uid, account.pw_gid
        self.host_public_key = new_ed25519(self.dir / "host_ed25519")
        (self.dir / "authorized_keys").write_text(client_public_key.strip() + "\n")
        self.config = self.dir / "sshd_config"
        self.config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {self.dir / 'host_ed25519'}\n"
            f"PidFile {self.dir / 'sshd.pid'}\nAuthorizedKeysFile {self.dir / 'authorized_keys'}\n"
            "StrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
            "PubkeyAuthentication yes\nUsePAM no\nPermitRootLogin no\n"
            f"AllowUsers {self.user}\nSubsystem sftp internal-sftp\n"
            f"ForceCommand internal-sftp -d {self.root}\nAllowTcpForwarding no\nX11Forwarding no\n"
            "LogLevel INFO\n"
        )
        for path in [self.dir, *self.dir.rglob("*")]:
            os.chown(path, self._uid, self._gid)
        self.dir.chmod(0o755)
        self.process: subprocess.Popen[bytes] | None = None

    def agency_dir(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(exist_ok=True)
        os.chown(path, self._uid, self._gid)
        return path

    def start(self) -> PrivateSshd:
        log = (self.dir / "sshd.log").open("ab")
        kwargs: dict[str, object] = {}
        if os.geteuid() == 0:
            kwargs = {"user": self._uid, "group": self._gid, "extra_groups": []}
        self.process = subprocess.Popen(  # type: ignore[call-overload]
            [SSHD, "-D", "-e", "-f", str(self.config)], stdout=log, stderr=log, **kwargs
        )
        try:
            wait_for_port("127.0.0.1", self.port)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"sshd did not start: {(self.dir / 'sshd.log').read_text()[-800:]}") from None
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
