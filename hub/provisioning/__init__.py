"""Field technicians' feature: claim codes, per-device broker credentials, config push and the fleet page."""

from fastapi import APIRouter

from hub.provisioning import handlers, models
from hub.provisioning.advertise import HubAdvertiser
from hub.provisioning.cli import register_cli
from hub.provisioning.pages import pages
from hub.provisioning.push import ConfigPusher
from hub.provisioning.routes import api

router = APIRouter()
router.include_router(api)
router.include_router(pages)
#: started by ``onestop hub serve`` (hub/background.py): the zeroconf announcement, config push on reconnect
background = (HubAdvertiser(), ConfigPusher())

__all__ = ["background", "handlers", "models", "register_cli", "router"]
