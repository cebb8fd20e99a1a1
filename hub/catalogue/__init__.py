"""Service catalogue: services, forms, fees and milestones; shipped as YAML, editable by staff."""

from hub.catalogue import models, mqtt
from hub.catalogue.api import router

__all__ = ["models", "mqtt", "router"]
