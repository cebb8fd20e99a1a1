"""Returned documents: scanned pages from agents, stored once by content hash and attached to their case."""

from hub.documents import models, mqtt
from hub.documents.pages import router

__all__ = ["models", "mqtt", "router"]
