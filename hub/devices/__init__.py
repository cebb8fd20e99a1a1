"""Core feature: device state, the event log, sequence gaps, dead letters and commands."""

from hub.devices import models

__all__ = ["models"]
