"""MQTT: a keypad's ``rating.pressed`` is stored with its attribution inside the ingest transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.ingest.handlers import on_event
from hub.ratings.service import record_press
from wire import Decoded, now_ms
from wire.payloads.ratings import RatingPressed


@on_event(RatingPressed.TYPE)
def rating_pressed(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, RatingPressed)
    record_press(
        session,
        site=msg.address.site,
        device=msg.address.device,
        event_id=msg.envelope.id,
        body=msg.body,
        received_at=now_ms(),
    )
