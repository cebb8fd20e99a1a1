"""What provisioning leaves on the device: its login and site, the last good config, a rolled-back version.

Kept in ``<data_dir>/provisioning.json`` (mode 0600, written atomically). A factory reset deletes it, so
the device enrols again and shows a new claim code.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from edge_agent.config import AgentConfig, BrokerConfig
from wire.payloads.provisioning import IssuedCredentials

FILE_NAME = "provisioning.json"


class StoreError(RuntimeError):
    """The provisioning file exists but cannot be used; a factory reset starts over."""


class Provisioned(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    credentials: IssuedCredentials
    config_version: int = 0  # the last good configuration: what the agent runs, also after a restart
    config: dict[str, Any] | None = None
    rolled_back_version: int = 0  # a newer version that did not start, and why (not retried on its own)
    rollback_reason: str = ""


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class ProvisioningStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FILE_NAME

    def load(self) -> Provisioned | None:
        """The device's provisioning, or None if it has none (fresh or factory-reset)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return Provisioned.model_validate(json.loads(text))
        except (ValueError, ValidationError) as exc:
            raise StoreError(
                f"{self.path} is damaged ({str(exc).splitlines()[0]}); run a factory reset to provision again"
            ) from None

    def save_credentials(self, credentials: IssuedCredentials) -> Provisioned:
        """Keep a fresh login; a re-provisioned device starts again from config version 0."""
        state = Provisioned(credentials=credentials)
        _atomic_write(self.path, state.model_dump_json(indent=2))
        return state

    def save_config(self, version: int, config: dict[str, Any]) -> Provisioned:
        state = self.load()
        if state is None:
            raise StoreError("this device is not provisioned; it cannot take a configuration")
        state = state.model_copy(update={"config_version": version, "config": config})
        _atomic_write(self.path, state.model_dump_json(indent=2))
        return state

    def save_rollback(self, version: int, reason: str) -> Provisioned:
        """Remember that ``version`` was tried and rolled back (the last good config stays as it was)."""
        state = self.load()
        if state is None:
            raise StoreError("this device is not provisioned; it cannot take a configuration")
        state = state.model_copy(update={"rolled_back_version": version, "rollback_reason": reason})
        _atomic_write(self.path, state.model_dump_json(indent=2))
        return state

    def factory_reset(self) -> bool:
        """Forget the login, site and applied config; True if there was something to forget."""
        try:
            self.path.unlink()
            return True
        except FileNotFoundError:
            return False


def apply_to(config: AgentConfig, state: Provisioned) -> AgentConfig:
    """The agent config with the issued site and broker login in place of the file's placeholders."""
    creds = state.credentials
    if creds.device_id != config.device_id:
        raise StoreError(
            f"the stored credentials are for {creds.device_id!r}, this agent is {config.device_id!r}; "
            "factory-reset and provision again"
        )
    broker = BrokerConfig(
        url=creds.broker_url,
        username=creds.username,
        password=creds.password,
        protocol=config.broker.protocol,
        keepalive=config.broker.keepalive,
    )
    return config.model_copy(update={"site": creds.site, "broker": broker})
