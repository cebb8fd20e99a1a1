"""Field technicians' feature: claim codes, per-device broker credentials, config push and the fleet page."""

from fastapi import APIRouter

from hub.provisioning import handlers, models
from hub.provisioning.cli import register_cli
from hub.provisioning.pages import pages
from hub.provisioning.routes import api

router = APIRouter()
router.include_router(api)
router.include_router(pages)

__all__ = ["handlers", "models", "register_cli", "router"]
