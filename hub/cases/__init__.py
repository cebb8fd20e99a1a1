"""Cases: numbers, query passwords, working-day deadlines, supplement pauses, milestones and statistics.

Importing the package registers the case tables, the ``case.opened`` handler and the HTTP routes.
"""

from typing import Any

from hub.cases import ingest, models, online, passwords
from hub.cases.api import router


def bind_app(app: Any) -> None:
    """The query-password key comes from the settings (the environment), never from the database."""
    passwords.set_key(app.state.settings.query_password_key.get_secret_value().encode())


__all__ = ["bind_app", "ingest", "models", "online", "router"]
