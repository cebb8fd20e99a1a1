"""Citizen login at the hub: card tokens (Web eID style), sessions bound to a device, light identification.

The verification core (reasons, nonce, trust, revocation, verify, sessions, national_id) is pure; the
feature glue (models, store, runtime, routes, handlers) wires it to the database, HTTP and MQTT.
"""

from hub.auth import light_api, models, mqtt
from hub.auth.api import router
from hub.auth.cli import register_cli
from hub.auth.refresh import CrlRefresher

router.include_router(light_api.router)
bind_app = light_api.bind_app  # the app's light-identification rate limiter

background = (CrlRefresher(),)  # started by ``onestop hub serve`` (hub/background.py)

__all__ = ["background", "bind_app", "models", "mqtt", "register_cli", "router"]
