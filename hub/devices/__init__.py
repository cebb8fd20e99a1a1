"""Core feature: device state, the event log, sequence gaps, dead letters and commands."""

from hub.devices import handlers, models
from hub.devices.retention import DeadLetterPruner
from hub.devices.routes import router

#: started by ``onestop hub serve`` (hub/background.py): dead letters' retention period and cap
background = (DeadLetterPruner(),)

__all__ = ["background", "handlers", "models", "router"]
