"""The edge agent daemon: one MQTT session, the durable outbox, components, commands, requests, local API."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from edge_agent.components import Component, check_component, load_factory
from edge_agent.config import AgentConfig, ConfigError
from edge_agent.health import HealthMonitor
from edge_agent.mqtt_session import AGENT_VERSION, DeviceSession, SessionHooks, SessionSettings
from edge_agent.netloop import NetLoop
from edge_agent.outbox import Entry, Outbox
from edge_agent.routes import Route
from wire import Channel, ComponentState, Decoded, Payload, new_message_id, now_ms
from wire.enums import CommandStatus
from wire.payloads.device import Birth, CommandAck, ComponentHealth, Rebirth
from wire.payloads.requests import RequestError

log = logging.getLogger(__name__)

#: A command handler gets the command body and returns an optional detail for the cmdack; raising fails it.
CommandHandler = Callable[[Payload], str | None]

#: events sent to the broker while their outbox write is still syncing (see ``Agent.emit``): a rating press
#: may raise a supervisor's alarm, which should appear within 50 ms of the press
URGENT_EVENTS = frozenset({"rating.pressed"})
HUB_UNAVAILABLE_MESSAGE = (
    "The service centre cannot be reached right now. Please try again in a few minutes, or ask the staff "
    "at the counter for help."
)


class HubUnavailable(RuntimeError):
    """The hub did not answer (offline or too slow); ``message`` can be shown to the citizen as is."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"{HUB_UNAVAILABLE_MESSAGE} ({detail})")
        self.message = HUB_UNAVAILABLE_MESSAGE
        self.detail = detail


class HubRefused(RuntimeError):
    """The hub answered a request with ``request.error``: ``code`` for programs, ``message`` for people."""

    def __init__(self, request: str, code: str, message: str) -> None:
        super().__init__(f"the hub refused {request}: {code}: {message}")
        self.request = request
        self.code = code
        self.message = message


class _Pending:
    __slots__ = ("body", "event")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.body: Payload | None = None


class Agent:
    """The host daemon. Create, ``add_component``/``on_command``, then ``start()``; ``stop()`` at the end."""

    def __init__(self, config: AgentConfig, *, loop: NetLoop | None = None) -> None:
        self.config = config
        #: Version of the configuration pushed by the hub that this device runs; every birth reports it.
        self.config_version = 0
        self.outbox = Outbox(config.outbox_path)
        self._own_loop = loop is None
        self.loop = loop or NetLoop(name=f"onestop-agent-{config.device_id}")
        self.components: list[Component] = []
        self._commands: dict[str, CommandHandler] = {"rebirth": self._rebirth}
        self._pending: dict[str, _Pending] = {}
        self._pending_lock = threading.Lock()
        self._workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="onestop-command")
        self._stop_event = threading.Event()
        self._rebuild_lock = threading.RLock()
        self._started = False
        settings = SessionSettings(
            device_id=config.device_id,
            site=config.site,
            kind=config.kind,
            broker=config.broker.address,
            protocol=config.broker.protocol,
            keepalive=config.broker.keepalive,
            ack_timeout=config.ack_timeout,
            backoff_min=config.backoff.min,
            backoff_max=config.backoff.max,
            window=config.window,
            topic_version=config.broker.topic_version,
        )
        hooks = SessionHooks(
            birth=lambda: Birth(
                kind=config.kind, agent_version=AGENT_VERSION, config_version=self.config_version
            ),
            on_message=self._on_message,
            on_online=lambda _session: self.health.poke(publish=True),
            components=lambda: [c.name for c in self.components],
        )
        self.session = DeviceSession(settings, self.outbox, self.loop, hooks)
        self.health = HealthMonitor(
            components=lambda: list(self.components),
            publish=self.publish_telemetry,
            emit_alarm=self.emit,
            outbox_depth=self.outbox.depth,
            interval=config.health_interval,
        )
        self.api: Any = None  # edge_agent.api.AgentApi once started with the API on

    # -- building ----------------------------------------------------------------------------------

    def add_component(self, component: Component) -> None:
        """Add a peripheral before ``start()``; its name and routes are checked here."""
        if self._started:
            raise RuntimeError("add components before the agent starts")
        check_component(component, [c.name for c in self.components])
        self.components.append(component)

    def add_configured_components(self) -> None:
        """Build every component named under ``components:`` in the config; ConfigError on a bad one."""
        source = "agent config"
        for name, settings in self.config.components.items():
            try:
                component = load_factory(name)(settings, self.config)
            except KeyError as exc:
                raise ConfigError(source, f"components.{name}", str(exc.args[0])) from None
            except ValueError as exc:
                raise ConfigError(source, f"components.{name}", str(exc)) from None
            self.add_component(component)

    def on_command(self, type_name: str, handler: CommandHandler) -> None:
        """Handle hub commands of ``type_name``; a cmdack (done/failed) is sent after the handler returns."""
        if type_name in self._commands and type_name != "rebirth":
            raise ValueError(f"command {type_name!r} already has a handler")
        self._commands[type_name] = handler

    # -- rebuilding while running (a new configuration from the hub) ---------------------------------

    def remove_component(self, name: str) -> Component | None:
        """Stop and take out the running component ``name`` (its routes and commands go with it)."""
        with self._rebuild_lock:
            found = [c for c in self.components if c.name == name]
            if not found:
                return None
            old = found[0]
            self.components = [c for c in self.components if c is not old]
            for type_name, handler in list(self._commands.items()):
                if getattr(handler, "__self__", None) is old:
                    del self._commands[type_name]
            self.health.forget(name)
            self._refresh_routes()
        try:
            old.stop()
        except Exception:
            log.exception("component %s did not stop cleanly", name)
        return old

    def start_component(self, component: Component) -> None:
        """Add and start a component on a running agent; if its ``start`` raises, it is taken out again."""
        with self._rebuild_lock:
            check_component(component, [c.name for c in self.components])
            try:
                component.start(self)
            except Exception:
                for type_name, handler in list(self._commands.items()):
                    if getattr(handler, "__self__", None) is component:
                        del self._commands[type_name]
                raise
            self.components = [component, *self.components]  # peripherals first, as built at start
            self._refresh_routes()
        self.health.poke(publish=True)

    def _refresh_routes(self) -> None:
        if self.api is not None:
            self.api.refresh_routes()

    def routes(self) -> list[Route]:
        routes: list[Route] = []
        for component in self.components:
            routes.extend(component.routes())
        return routes

    # -- life cycle --------------------------------------------------------------------------------

    def start(self, api: bool = True) -> None:
        """Start components (a failing one is marked in error, the others go on), the session and the API."""
        self._started = True
        if self._own_loop:
            self.loop.start()
        for component in self.components:
            try:
                component.start(self)
            except Exception as exc:
                log.error("component %s failed to start: %s", component.name, exc)
                reason = f"failed to start: {exc}"[:500]
                self.health.mark(component.name, ComponentHealth(state=ComponentState.ERROR, reason=reason))
        self.health.start()
        self.session.start()
        if api:
            from edge_agent.api import AgentApi

            self.api = AgentApi(self, self.config.api.host, self.config.api.port)
            self.api.start()

    def stop(self) -> None:
        """Stop the API, say goodbye on MQTT (retained death), stop components and the loop."""
        if not self._started:
            self.outbox.close()
            return
        self._started = False
        if self.api is not None:
            self.api.stop()
        self.health.stop()
        self.session.stop("shutdown")
        for component in self.components:
            try:
                component.stop()
            except Exception:
                log.exception("component %s did not stop cleanly", component.name)
        self._workers.shutdown(wait=False, cancel_futures=True)
        if self._own_loop:
            self.loop.stop()
        self.outbox.close()
        self._stop_event.set()

    def run(self, on_started: Callable[[Agent], None] | None = None) -> None:
        """Start and serve until SIGTERM or SIGINT (the ``onestop agent run`` daemon)."""

        def _signal(signum: int, _frame: object) -> None:
            log.info("signal %s: stopping", signum)
            self._stop_event.set()

        signal.signal(signal.SIGTERM, _signal)
        signal.signal(signal.SIGINT, _signal)
        self.start()
        log.info("agent %s up; local API at %s", self.config.device_id, self.api.url if self.api else "off")
        if on_started is not None:
            on_started(self)
        self._stop_event.wait()
        self._stop_event.clear()
        self.stop()

    # -- what components and the kiosk call ----------------------------------------------------------

    def emit(self, body: Payload) -> str:
        """Queue an event durably (on disk before this returns) and send it; returns its message id.

        An urgent event (``URGENT_EVENTS``: a rating press, which may raise a supervisor's alarm) goes
        to the broker while its outbox write is still syncing instead of after it; it stays in the
        outbox until the hub acknowledges it, like every event (issue 19: the fsync was a third of the
        agent → hub time)."""
        if getattr(type(body), "CHANNEL", None) is not Channel.EVENT:
            raise ValueError(f"{type(body).__name__} is not an event; use publish_telemetry or request")
        if body.TYPE not in URGENT_EVENTS or not self.session.online:
            entry = self.outbox.add(body)
            self.session.wake()
            return entry.id
        early = Entry(0, new_message_id(), body.TYPE, now_ms(), body.model_dump_json())
        self.session.send_early(early)
        try:
            self.outbox.add(body, msg_id=early.id, ts=early.ts)
        finally:
            self.session.made_durable(early.id)
        self.session.wake()
        return early.id

    def publish_telemetry(self, body: Payload) -> bool:
        """Send telemetry now if online (latest value wins, nothing is queued); True if handed to MQTT."""
        if getattr(type(body), "CHANNEL", None) is not Channel.TELEMETRY:
            raise ValueError(f"{type(body).__name__} is not telemetry")
        return self.session.publish(body) is not None

    def request(self, body: Payload, timeout: float = 5.0) -> Payload:
        """Ask the hub and wait for its response body.

        Raises HubUnavailable if offline or no answer within ``timeout``, HubRefused on ``request.error``.
        """
        if getattr(type(body), "CHANNEL", None) is not Channel.REQUEST:
            raise ValueError(f"{type(body).__name__} is not a request")
        if self.loop.in_loop_thread():
            raise RuntimeError("request() would block the network thread; call it from another thread")
        pending = _Pending()
        msg_id = new_message_id()
        with self._pending_lock:
            self._pending[msg_id] = pending
        try:
            if self.session.publish(body, msg_id=msg_id) is None:
                raise HubUnavailable("not connected to the hub")
            if not pending.event.wait(timeout) or pending.body is None:
                raise HubUnavailable(f"no answer to {body.TYPE} within {timeout:g} s")
            if isinstance(pending.body, RequestError):
                raise HubRefused(body.TYPE, pending.body.code, pending.body.message)
            return pending.body
        finally:
            with self._pending_lock:
                self._pending.pop(msg_id, None)

    def health_changed(self) -> None:
        """A component calls this when its health changed, so telemetry and alarms follow at once."""
        self.health.poke()

    def status(self) -> Mapping[str, Any]:
        """What ``GET /v1/status`` returns."""
        return {
            "device": self.config.device_id,
            "site": self.config.site,
            "kind": self.config.kind.value,
            "online": self.session.online,
            "session": self.session.session,
            "outbox": self.outbox.depth(),
            "inflight": self.session.inflight,
            "components": {n: h.model_dump(mode="json") for n, h in self.health.snapshot().items()},
        }

    # -- from the hub ------------------------------------------------------------------------------

    def _on_message(self, decoded: Decoded) -> None:
        channel = decoded.address.channel
        if channel is Channel.RESPONSE and decoded.envelope.corr:
            with self._pending_lock:
                pending = self._pending.get(decoded.envelope.corr)
            if pending is not None:
                pending.body = decoded.body
                pending.event.set()
        elif channel is Channel.COMMAND:
            self._workers.submit(self._run_command, decoded)

    def _run_command(self, decoded: Decoded) -> None:
        type_name = decoded.envelope.type
        handler = self._commands.get(type_name)
        if handler is None:
            status, detail = CommandStatus.REJECTED, f"this device does not handle {type_name!r}"
        else:
            try:
                status, detail = CommandStatus.DONE, handler(decoded.body) or ""
            except Exception as exc:
                log.warning("command %s failed: %s", type_name, exc)
                status, detail = CommandStatus.FAILED, str(exc)
        ack = CommandAck(command=type_name, status=status, detail=detail[:500])
        self.session.publish(ack, corr=decoded.envelope.id)

    def _rebirth(self, body: Payload) -> str:
        assert isinstance(body, Rebirth)
        self.session.rebirth()
        self.health.poke(publish=True)
        return "birth sent again"
