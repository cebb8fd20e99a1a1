"""Job vacancies (職缺查詢): stations' daily import, browsed by township at the kiosk and online (issue 17)."""

from hub.jobs import models, mqtt
from hub.jobs.api import router

__all__ = ["models", "mqtt", "router"]
