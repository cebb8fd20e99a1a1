"""Device health (pure): each device's ok/warning/error with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from wire import ComponentState
from wire.payloads.device import ComponentHealth


@dataclass(frozen=True, slots=True)
class DeviceHealth:
    """``code`` is a machine reason (``paper_out``); ``reason`` the sentence a technician reads."""

    state: ComponentState = ComponentState.OK
    code: str = ""
    reason: str = ""

    @classmethod
    def ok(cls) -> DeviceHealth:
        return cls()

    @classmethod
    def warning(cls, code: str, reason: str) -> DeviceHealth:
        return cls(ComponentState.WARNING, code, reason)

    @classmethod
    def error(cls, code: str, reason: str) -> DeviceHealth:
        return cls(ComponentState.ERROR, code, reason)

    def to_wire(self) -> ComponentHealth:
        return ComponentHealth(state=self.state, reason=self.reason[:500], code=self.code)
