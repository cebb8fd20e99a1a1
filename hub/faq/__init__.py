"""FAQ (常見問答集): entries per agency and service, Chinese full-text search, staff editing (issue 17)."""

from fastapi import APIRouter

from hub.faq import models, mqtt
from hub.faq.api import public_router
from hub.faq.api import router as api_router
from hub.faq.pages import router as pages_router

router = APIRouter()
router.include_router(api_router)
router.include_router(pages_router)

__all__ = ["models", "mqtt", "public_router", "router"]
