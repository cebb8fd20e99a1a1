"""Citizen login at the hub: card tokens (Web eID style), sessions bound to a device, light identification.

The verification core (reasons, nonce, trust, revocation, verify, sessions, national_id) is pure; the
feature glue (models, store, runtime, routes, handlers) wires it to the database, HTTP and MQTT.
"""

from hub.auth import handlers, models
from hub.auth.cli import register_cli
from hub.auth.routes import router

__all__ = ["handlers", "models", "register_cli", "router"]
