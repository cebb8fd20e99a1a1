"""Field technicians' feature: claim codes, per-device broker credentials, config push, the fleet page, and
the supervisors' live devices view."""

from fastapi import APIRouter

from hub.provisioning import models, mqtt
from hub.provisioning.advertise import HubAdvertiser
from hub.provisioning.api import api
from hub.provisioning.cli import register_cli
from hub.provisioning.devices_pages import router as devices_pages
from hub.provisioning.pages import pages
from hub.provisioning.push import ConfigPusher

router = APIRouter()
router.include_router(api)
router.include_router(pages)
router.include_router(devices_pages)
#: started by ``onestop hub serve`` (hub/background.py): the zeroconf announcement, config push on reconnect
background = (HubAdvertiser(), ConfigPusher())

__all__ = ["background", "models", "mqtt", "register_cli", "router"]
