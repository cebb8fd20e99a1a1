"""N+e fixtures: the hub's SSH identity and signing key, and private OpenSSH SFTP servers (real sshd)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.nplus_e.signing import Ed25519Signer, load_or_create
from onestop.dev.sshd import PrivateSshd, new_ed25519

SECRET = b"test-household-key-0123456789"


@dataclass
class HubKeys:
    ssh_key: Path
    ssh_public: str
    signer: Ed25519Signer


@pytest.fixture
def hub_keys(tmp_path: Path) -> HubKeys:
    ssh_key = tmp_path / "hub-ssh"
    public = new_ed25519(ssh_key)
    return HubKeys(ssh_key, public, load_or_create(tmp_path / "signing.pem"))


@pytest.fixture
def sftp_servers(hub_keys: HubKeys) -> Iterator[list[PrivateSshd]]:
    """Servers made by the test; every one is stopped (by PID) and removed afterwards."""
    made: list[PrivateSshd] = []
    yield made
    for server in made:
        server.close()
