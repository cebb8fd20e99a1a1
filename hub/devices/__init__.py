"""Core feature: device state, the event log, sequence gaps, dead letters and commands."""

from hub.devices import models, mqtt
from hub.devices.api import router

__all__ = ["models", "mqtt", "router"]
