"""Returned documents: scanned pages from agents, stored once by content hash and attached to their case."""

from hub.documents import ingest, models

__all__ = ["ingest", "models"]
