"""Core feature: device state, the event log, sequence gaps, dead letters and commands."""

from hub.devices import models, mqtt
from hub.devices.api import router
from hub.devices.retention import DeadLetterPruner

#: started by ``onestop hub serve`` (hub/background.py): dead letters' retention period and cap
background = (DeadLetterPruner(),)

__all__ = ["background", "models", "mqtt", "router"]
