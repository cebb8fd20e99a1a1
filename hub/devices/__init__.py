"""Core feature: device state, the event log, sequence gaps, dead letters and commands."""

from hub.devices import handlers, models
from hub.devices.routes import router

__all__ = ["handlers", "models", "router"]
