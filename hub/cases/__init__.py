"""Cases: numbers, query passwords, working-day deadlines, supplement pauses, milestones and statistics.

Importing the package registers the case tables, the ``case.opened`` handler, the API and the staff pages.
"""

from typing import Any

from fastapi import APIRouter

from hub.cases import api, models, mqtt, online, pages, passwords, slip_api

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)


def bind_app(app: Any) -> None:
    """The query-password key comes from the settings (the environment), never from the database."""
    passwords.set_key(app.state.settings.query_password_key.get_secret_value().encode())


__all__ = ["bind_app", "models", "mqtt", "online", "router", "slip_api"]
