"""Cases: numbers, query passwords, working-day deadlines, supplement pauses, milestones and statistics.

Importing the package registers the case tables, the ``case.opened`` handler and the HTTP routes.
"""

from hub.cases import models, mqtt, online
from hub.cases.api import router

__all__ = ["models", "mqtt", "online", "router"]
