"""Field technicians' feature: claim codes, per-device broker credentials, config push and the fleet page."""

from fastapi import APIRouter

from hub.provisioning import models, mqtt
from hub.provisioning.advertise import HubAdvertiser
from hub.provisioning.api import api
from hub.provisioning.cli import register_cli
from hub.provisioning.pages import pages
from hub.provisioning.push import ConfigPusher

router = APIRouter()
router.include_router(api)
router.include_router(pages)
#: started by ``onestop hub serve`` (hub/background.py): the zeroconf announcement, config push on reconnect
background = (HubAdvertiser(), ConfigPusher())

__all__ = ["background", "models", "mqtt", "register_cli", "router"]
