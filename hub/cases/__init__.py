"""Cases: numbers, query passwords, working-day deadlines, supplement pauses, milestones and statistics.

Importing the package registers the case tables, the ``case.opened`` handler, the API and the staff pages.
"""

from fastapi import APIRouter

from hub.cases import api, models, mqtt, online, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["models", "mqtt", "online", "router"]
