"""Applies a configuration from the hub to the running agent: rebuilds only the peripherals whose block changed.

A pushed configuration is ``{"devices": [firmware_config device file, ...]}``; each file's block becomes one
component (``receipt_printer`` → ``printer``, ``scanner`` → ``scanner``, ``keypad`` → ``keypad``,
``card_reader`` → ``card``). On a new
version the components whose block changed are stopped, the new ones built and started, and each must show
it is there (``wait_started``: the printer answered on its port, the scanner opened, the keypad's port
opened). If one does not, every changed component is put back as the last good configuration had it, and
the reason is returned. Nothing else stops: the MQTT session, the outbox and the other components keep
running, and the printer's spool is one durable file shared by the old and the new printer, so a job
queued during the swap is printed once, by the new one.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from firmware_config.schema import (
    A4PrinterBlock,
    BarcodeReaderBlock,
    CardReaderBlock,
    DeviceFile,
    DeviceKind,
    KeypadBlock,
    ReceiptPrinterBlock,
    ScannerBlock,
)
from wire import ComponentState
from wire.payloads.device import ComponentHealth

if TYPE_CHECKING:
    from edge_agent.agent import Agent
    from edge_agent.components import Component
    from edge_agent.config import AgentConfig

log = logging.getLogger(__name__)

#: firmware_config block → the agent component it becomes.
COMPONENT_OF: dict[DeviceKind, str] = {
    DeviceKind.RECEIPT_PRINTER: "printer",
    DeviceKind.SCANNER: "scanner",
    DeviceKind.KEYPAD: "keypad",
    DeviceKind.CARD_READER: "card",
    DeviceKind.A4_PRINTER: "a4printer",
    DeviceKind.BARCODE_READER: "barcode",
}
START_TIMEOUT = 10.0
Block = (
    ReceiptPrinterBlock | ScannerBlock | KeypadBlock | CardReaderBlock | A4PrinterBlock | BarcodeReaderBlock
)


@dataclass(frozen=True, slots=True)
class Part:
    """One peripheral of a configuration: its component name, kind and block (as JSON, for comparing)."""

    name: str
    kind: DeviceKind
    block: str

    def model(self) -> Block:
        if self.kind is DeviceKind.A4_PRINTER:
            return A4PrinterBlock.model_validate_json(self.block)
        if self.kind is DeviceKind.BARCODE_READER:
            return BarcodeReaderBlock.model_validate_json(self.block)
        if self.kind is DeviceKind.CARD_READER:
            return CardReaderBlock.model_validate_json(self.block)
        if self.kind is DeviceKind.RECEIPT_PRINTER:
            return ReceiptPrinterBlock.model_validate_json(self.block)
        if self.kind is DeviceKind.SCANNER:
            return ScannerBlock.model_validate_json(self.block)
        return KeypadBlock.model_validate_json(self.block)


def parts_of(config: Mapping[str, Any] | None) -> dict[str, Part]:
    """The peripherals a (validated) configuration names, by component name (pure)."""
    parts: dict[str, Part] = {}
    for raw in (config or {}).get("devices", []):
        device = DeviceFile.model_validate(raw)
        kind = device.device.kind
        block = getattr(device, kind.value)
        text = json.dumps(block.model_dump(mode="json"), sort_keys=True)
        parts[COMPONENT_OF[kind]] = Part(COMPONENT_OF[kind], kind, text)
    return parts


def changed(old: Mapping[str, Part], new: Mapping[str, Part]) -> list[str]:
    """Component names to rebuild: added, removed or with a different block (pure, sorted)."""
    return sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))


def build_part(part: Part, config: AgentConfig) -> Component:
    """The component for one peripheral (host-only options at their defaults: font from fontconfig)."""
    from edge_agent.devices import factories

    block = part.model()
    if isinstance(block, ReceiptPrinterBlock):
        return factories.printer_from_block(block, config)
    if isinstance(block, ScannerBlock):
        return factories.scanner_from_block(block, config)
    if isinstance(block, A4PrinterBlock):
        return factories.a4printer_from_block(block, config)
    if isinstance(block, BarcodeReaderBlock):
        return factories.barcode_from_block(block)
    if isinstance(block, CardReaderBlock):
        from edge_agent.card.component import from_block

        return from_block(block)
    return factories.keypad_from_block(block)


@dataclass
class Outcome:
    ok: bool
    reason: str = ""
    rebuilt: list[str] = field(default_factory=list)


def wait_started(component: Component, timeout: float) -> str:
    """ "" if the component shows it is there within ``timeout``; else why not."""
    check: Callable[[float], str] | None = getattr(component, "wait_started", None)
    if check is None:
        return ""
    try:
        return check(timeout)
    except Exception as exc:  # a driver bug is a failure to start, not a crash of the agent
        return f"could not be checked: {exc}"


class PeripheralApplier:
    """Keeps the running peripherals in step with the last good configuration from the hub."""

    def __init__(
        self,
        agent: Agent,
        *,
        build: Callable[[Part, AgentConfig], Component] = build_part,
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        self.agent = agent
        self.build = build
        self.start_timeout = start_timeout
        self.running: dict[str, Part] = {}

    def check(self, config: Mapping[str, Any]) -> dict[str, Part]:
        """The configuration's peripherals; ValueError if one is also configured by hand in agent.yaml."""
        parts = parts_of(config)
        local = sorted(set(parts) & set(self.agent.config.components))
        if local:
            raise ValueError(
                f"{', '.join(local)} is configured in agent.yaml (components.{local[0]}); remove it there "
                "so the hub's configuration can drive it"
            )
        return parts

    def boot(self, config: Mapping[str, Any] | None) -> None:
        """Before the agent starts: add the peripherals of the stored configuration (after a restart)."""
        if not config:
            return
        try:
            parts = self.check(config)
        except ValueError as exc:
            log.error("stored configuration not used: %s", exc)
            return
        for name, part in sorted(parts.items()):
            try:
                self.agent.add_component(self.build(part, self.agent.config))
            except ValueError as exc:
                log.error("%s from the stored configuration not built: %s", name, exc)
                continue
            self.running[name] = part

    def apply(self, config: Mapping[str, Any]) -> Outcome:
        """Rebuild what changed; on any failure put the last good peripherals back. Never raises for a device."""
        new = self.check(config)  # ValueError: refused before anything is touched
        names = changed(self.running, new)
        built: dict[str, Component] = {}
        for name in names:  # build first: a build error (e.g. no font) changes nothing
            if name in new:
                try:
                    built[name] = self.build(new[name], self.agent.config)
                except ValueError as exc:
                    return Outcome(False, f"{name}: {exc}")
        for name in names:
            self.agent.remove_component(name)
        problems = self._start(built)
        if not problems:
            self.running = new
            log.info("configuration applied; rebuilt: %s", ", ".join(names) or "nothing")
            return Outcome(True, rebuilt=names)
        reason = "; ".join(f"{name}: {why}" for name, why in problems.items())
        log.warning("configuration rolled back (%s)", reason)
        for name in names:
            self.agent.remove_component(name)
        restore = {}
        for name in names:
            if name in self.running:
                try:
                    restore[name] = self.build(self.running[name], self.agent.config)
                except ValueError as exc:  # worked a moment ago; say so rather than hide it
                    log.error("%s of the last good configuration not rebuilt: %s", name, exc)
        for name, why in self._start(restore).items():
            log.error("%s of the last good configuration does not start either: %s", name, why)
        return Outcome(False, reason, names)

    def _start(self, components: Mapping[str, Component]) -> dict[str, str]:
        problems: dict[str, str] = {}
        started = []
        for name, component in components.items():
            try:
                self.agent.start_component(component)
                started.append((name, component))
            except Exception as exc:
                problems[name] = f"failed to start: {exc}"
        deadline = time.monotonic() + self.start_timeout
        for name, component in started:
            why = wait_started(component, max(0.1, deadline - time.monotonic()))
            if why:
                problems[name] = why
        return problems


def health_of(agent: Agent) -> dict[str, ComponentHealth]:
    """Each component's health now (asked directly: right after a rebuild the monitor may not have polled)."""
    out = {}
    for component in list(getattr(agent, "components", ())):
        try:
            out[component.name] = component.health()
        except Exception as exc:
            out[component.name] = ComponentHealth(state=ComponentState.ERROR, reason=str(exc)[:500])
    return out
