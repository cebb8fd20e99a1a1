"""Agent components (one per peripheral): the protocol, the factory registry, and health-to-alarm rules.

To add a component: implement ``Component``, give it a factory ``build(settings, config) -> Component``
that validates its own settings (raise ValueError naming the key), and add one line to COMPONENT_FACTORIES.
A config file then enables it with ``components: {<name>: {...settings...}}``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from edge_agent.routes import Route
from wire import ComponentState
from wire.payloads.device import Alarm, ComponentHealth

if TYPE_CHECKING:
    from edge_agent.agent import Agent
    from edge_agent.config import AgentConfig

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

#: Component name in the config file -> "module:factory". Factories are imported only when enabled.
COMPONENT_FACTORIES: dict[str, str] = {
    "card": "edge_agent.card.component:build",  # citizen certificate card reader (issue 3)
    "printer": "edge_agent.devices.factories:build_printer",  # ESC/POS receipt printer (issue 4)
    "forms": "edge_agent.devices.factories:build_forms",  # A4 forms to CUPS or a folder (issue 4)
    "scanner": "edge_agent.devices.factories:build_scanner",  # SANE scanner (issue 4)
    "keypad": "edge_agent.devices.factories:build_keypad",  # counter rating keypad (issue 4)
    "a4printer": "edge_agent.devices.factories:build_a4printer",  # counter A4 printer over IPP to CUPS (issue 14)
    "barcode": "edge_agent.devices.factories:build_barcode",  # counter 2D reader for pick-up codes (issue 17)
    "library": "edge_agent.forms_library.component:build",  # forms library cache, print from it (issue 15)
}


@runtime_checkable
class Component(Protocol):
    """A peripheral (or other part) of the host that the agent starts, watches and exposes.

    - ``name``: lower-case word, unique in the agent; also the first path level of its routes.
    - ``start(agent)``: begin work; must not block (start threads for slow I/O). May keep ``agent`` to call
      ``emit``/``request``/``publish_telemetry``/``health_changed``.
    - ``health()``: current state, quickly (the agent polls it every second, off the network thread).
    - ``stop()``: release the device; called once at shutdown.
    - ``routes()``: local API routes, each path under ``/v1/<name>/``.
    """

    name: str

    def start(self, agent: Agent) -> None: ...

    def stop(self) -> None: ...

    def health(self) -> ComponentHealth: ...

    def routes(self) -> Sequence[Route]: ...


ComponentFactory = Callable[[Mapping[str, Any], "AgentConfig"], Component]


def load_factory(name: str) -> ComponentFactory:
    """The factory registered for ``name``; KeyError listing the known names if there is none."""
    target = COMPONENT_FACTORIES.get(name)
    if target is None:
        known = ", ".join(sorted(COMPONENT_FACTORIES)) or "none yet"
        raise KeyError(f"unknown component {name!r} (known: {known})")
    module_name, _, attr = target.partition(":")
    factory: ComponentFactory = getattr(importlib.import_module(module_name), attr)
    return factory


def check_component(component: Component, taken: Sequence[str]) -> None:
    """Refuse a component whose name or routes break the rules; say which rule."""
    name = getattr(component, "name", None)
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise ValueError(f"component name {name!r} must be a lower-case word (letters, digits, _)")
    if name in taken:
        raise ValueError(f"a component named {name!r} is already added")
    for route in component.routes():
        if not route.path.startswith(f"/v1/{name}/") and route.path != f"/v1/{name}":
            raise ValueError(f"component {name!r}: route {route.path} must be under /v1/{name}/")


def alarms_for(
    previous: Mapping[str, ComponentHealth], current: Mapping[str, ComponentHealth]
) -> list[Alarm]:
    """Alarms raised and cleared by a change of component health (pure).

    A component leaving OK raises an alarm coded by its state (``warning``/``error``); moving between
    warning and error clears the old one and raises the new; returning to OK clears it. A component
    seen for the first time counts as coming from OK; one that is gone (a new configuration removed it)
    clears its alarm.
    """
    alarms = [
        Alarm(component=name, code=before.state.value, active=False, message="component removed")
        for name, before in previous.items()
        if name not in current and before.state != ComponentState.OK
    ]
    for name, now in current.items():
        before = previous.get(name)
        old_state = before.state if before else ComponentState.OK
        if old_state == now.state:
            continue
        if old_state != ComponentState.OK:
            alarms.append(Alarm(component=name, code=old_state.value, active=False, message=now.reason))
        if now.state != ComponentState.OK:
            alarms.append(Alarm(component=name, code=now.state.value, active=True, message=now.reason))
    return alarms
