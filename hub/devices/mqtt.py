"""Requests the core answers itself: ``hub.time`` (a kiosk checks its clock against the hub's)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.ingest.handlers import on_request
from wire import Decoded, Payload, now_ms
from wire.payloads.requests import TimeResponse


@on_request("hub.time")
def hub_time(_session: Session, _msg: Decoded) -> Payload:
    return TimeResponse(now=now_ms())
