"""Document pick-up by MMS code at a chosen office (seed 004:1461-1483, issue 17)."""

from fastapi import APIRouter

from hub.pickup import models, mqtt
from hub.pickup.api import router as api_router
from hub.pickup.pages import router as pages_router

router = APIRouter()
router.include_router(api_router)
router.include_router(pages_router)

__all__ = ["models", "mqtt", "router"]
