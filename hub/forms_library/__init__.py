"""Forms library (各項表單, issue 15 item 3): 23 categories, every form with its versions (effective date, who
changed it), staff upload with preview, push to every agent over MQTT; the catalogue's forms live here."""

from fastapi import APIRouter

from hub.forms_library import models, mqtt
from hub.forms_library.api import router as api_router
from hub.forms_library.pages import router as pages_router

router = APIRouter()
router.include_router(api_router)
router.include_router(pages_router)

__all__ = ["models", "mqtt", "router"]
