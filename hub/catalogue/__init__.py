"""Service catalogue: services, forms, fees and milestones; shipped as YAML, editable by staff."""

from fastapi import APIRouter

from hub.catalogue import api, models, mqtt, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["models", "mqtt", "router"]
