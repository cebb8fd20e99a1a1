"""Service catalogue: services, forms, fees and milestones; shipped as YAML, editable by staff."""

from hub.catalogue import kiosk, models
from hub.catalogue.api import router

__all__ = ["kiosk", "models", "router"]
