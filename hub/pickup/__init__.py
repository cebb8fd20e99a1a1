"""Document pick-up by MMS code at a chosen office (seed 004:1461-1483, issue 17)."""

from hub.pickup import models, mqtt
from hub.pickup.api import router

__all__ = ["models", "mqtt", "router"]
