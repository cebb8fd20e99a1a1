"""The ``provisioning`` agent component: applies pushed configuration, reports its version, restarts on command.

On every new MQTT session it asks the hub ``config.sync`` with the version it runs, so a configuration
pushed while it was offline (or lost to a factory reset) arrives when it comes back. Births carry the
applied version. A configuration is validated before anything is stored; a bad one fails the command
and changes nothing. A valid one is applied to the peripherals (``apply.PeripheralApplier``): only when they
started is it stored as the last good one and reported ``config.applied``; otherwise it is rolled back,
reported ``config.rolled_back`` with the reason, and not tried again on its own (a re-read retries it).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from edge_agent.provisioning.apply import PeripheralApplier, health_of
from edge_agent.provisioning.store import ProvisioningStore
from edge_agent.session_watch import SessionWatcher
from wire import ComponentState, Payload
from wire.payloads.device import ComponentHealth
from wire.payloads.provisioning import (
    AgentRestart,
    ConfigApplied,
    ConfigApply,
    ConfigDesired,
    ConfigReread,
    ConfigRolledBack,
    ConfigSync,
)

if TYPE_CHECKING:
    from edge_agent.agent import Agent
    from edge_agent.routes import Route

log = logging.getLogger(__name__)

#: Checks a device configuration for this device id before it is stored; raises ValueError saying why not.
Validator = Callable[[dict[str, Any], str], None]


def default_validator(config: dict[str, Any], device_id: str) -> None:
    """firmware_config's schema and cross-field checks, the same the technician's tool and the hub run."""
    from firmware_config.device_config import check

    check(config, device_id)


def _sigterm_self() -> None:
    os.kill(os.getpid(), signal.SIGTERM)  # systemd (Restart=always) starts the agent again


class ProvisioningComponent:
    name = "provisioning"

    def __init__(
        self,
        store: ProvisioningStore,
        *,
        validator: Validator = default_validator,
        restart: Callable[[], None] = _sigterm_self,
        sync_timeout: float = 5.0,
        on_version: Callable[[int], None] = lambda version: None,
        applier: PeripheralApplier | None = None,
    ) -> None:
        self.store = store
        self.applier = applier
        self.on_version = on_version
        self.validator = validator
        self.restart = restart
        self.sync_timeout = sync_timeout
        self.agent: Agent | None = None
        self._lock = threading.Lock()
        self._watcher = SessionWatcher("config sync", self.sync, "onestop-config-sync")
        self._last_problem = ""
        state = store.load()
        self.version = state.config_version if state is not None else 0
        self.rolled_back = (state.rolled_back_version, state.rollback_reason) if state else (0, "")

    # -- Component protocol --------------------------------------------------------------------------
    def start(self, agent: Agent) -> None:
        self.agent = agent
        agent.on_command("config.apply", self._on_apply)
        agent.on_command("config.reread", self._on_reread)
        agent.on_command("agent.restart", self._on_restart)
        agent.config_version = self.version  # births carry the applied config version
        self._watcher.start(agent)

    def stop(self) -> None:
        self._watcher.stop()

    def health(self) -> ComponentHealth:
        if self._last_problem:
            return ComponentHealth(state=ComponentState.WARNING, reason=self._last_problem[:500])
        return ComponentHealth(state=ComponentState.OK)

    def routes(self) -> Sequence[Route]:
        """``GET /v1/provisioning/status`` and ``POST /v1/provisioning/factory-reset`` for the kiosk's service screen."""
        from edge_agent.routes import ApiError, Route

        def status(_req: Any) -> dict[str, Any]:
            state = self.store.load()
            return {
                "provisioned": state is not None,
                "site": state.credentials.site if state else None,
                "counter": state.credentials.counter if state else None,
                "config_version": self.version,
            }

        def factory_reset(req: Any) -> dict[str, Any]:
            body = req.body if isinstance(req.body, dict) else {}
            if body.get("confirm") != "factory-reset":
                raise ApiError(400, "confirm", 'send {"confirm": "factory-reset"}: this forgets the login')
            forgot = self.store.factory_reset()
            threading.Timer(0.5, self.restart).start()  # the agent starts again and enrols
            return {"reset": forgot, "message": "login and configuration forgotten; restarting to enrol"}

        return (
            Route("GET", "/v1/provisioning/status", status),
            Route("POST", "/v1/provisioning/factory-reset", factory_reset),
        )

    # -- configuration -------------------------------------------------------------------------------
    def apply(self, version: int, config: dict[str, Any], *, retry: bool = True) -> str:
        """Validate ``config``, rebuild the peripherals, store and report it; an older or equal version is
        acknowledged, not re-applied. ValueError if refused or rolled back (the command fails with why);
        ``retry=False`` refuses a version that was rolled back before without trying it again."""
        with self._lock:
            if version <= self.version:
                return f"already at config version {self.version}"
            if not retry and self.rolled_back[0] == version:
                raise ValueError(f"config version {version} was rolled back: {self.rolled_back[1]}")
            try:
                self.validator(config, self.agent.config.device_id if self.agent else "")
                outcome = self.applier.apply(config) if self.applier is not None else None
            except ValueError as exc:
                self._last_problem = f"config version {version} refused: {exc}"
                raise ValueError(self._last_problem) from None
            if outcome is not None and not outcome.ok:
                return self._rolled_back(version, outcome.reason)
            self.store.save_config(version, config)
            self.version = version
            if self.agent is not None:
                self.agent.config_version = version
            self._last_problem = ""
        if self.agent is not None:
            self.agent.emit(ConfigApplied(version=version, components=self._health()))
        self.on_version(version)
        log.info("applied config version %d", version)
        return f"applied config version {version}"

    def _rolled_back(self, version: int, reason: str) -> str:
        reason = reason[:400]
        self.store.save_rollback(version, reason)
        self.rolled_back = (version, reason)
        self._last_problem = f"config version {version} rolled back to {self.version}: {reason}"
        if self.agent is not None:
            self.agent.emit(
                ConfigRolledBack(
                    version=version, running_version=self.version, reason=reason, components=self._health()
                )
            )
        log.warning("%s", self._last_problem)
        raise ValueError(self._last_problem)

    def _health(self) -> dict[str, ComponentHealth]:
        if self.agent is None:
            return {}
        return {n: h for n, h in health_of(self.agent).items() if n != self.name}

    def sync(self, retry: bool = False) -> str:
        """Ask the hub what to run; apply it if it is newer. Called on every new session (a version rolled
        back before is not tried again then) and by ``config.reread`` (which tries it again)."""
        if self.agent is None:
            return "not started"
        answer = self.agent.request(ConfigSync(version=self.version), timeout=self.sync_timeout)
        assert isinstance(answer, ConfigDesired)
        if answer.config is not None and answer.version > self.version:
            if not retry and answer.version == self.rolled_back[0]:
                return f"config version {answer.version} was rolled back before: {self.rolled_back[1]}"
            return self.apply(answer.version, answer.config)
        return f"config version {self.version} is current (hub wants {answer.version})"

    def _on_apply(self, body: Payload) -> str:
        assert isinstance(body, ConfigApply)
        return self.apply(body.version, body.config, retry=False)

    def _on_reread(self, body: Payload) -> str:
        assert isinstance(body, ConfigReread)
        return self.sync(retry=True)

    def _on_restart(self, body: Payload) -> str:
        assert isinstance(body, AgentRestart)
        threading.Timer(0.5, self.restart).start()  # the cmdack goes out first
        return "restarting the agent"
