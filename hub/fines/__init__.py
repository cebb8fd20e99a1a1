"""Fines register (罰鍰補單): agencies' import, look-up at the kiosk and online, closing from settlement (issue 17)."""

from fastapi import APIRouter

from hub.fines import models, mqtt
from hub.fines.api import router as api_router
from hub.fines.pages import router as pages_router

router = APIRouter()
router.include_router(api_router)
router.include_router(pages_router)

__all__ = ["models", "mqtt", "router"]
