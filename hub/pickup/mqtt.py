"""``pickup.scanned`` from a counter's 2D reader: judged against the counter's office, the verdict kept."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.runtime import current_runtime
from hub.ingest.handlers import on_event
from hub.pickup.models import PickupCode, PickupRead
from hub.pickup.rules import PickupError, code_hash, normalise_code
from hub.pickup.service import read
from wire import Decoded
from wire.payloads.pickup import PickupScanned
from wire.printed import pickup_from_qr

log = logging.getLogger(__name__)


@on_event("pickup.scanned")
def scanned(session: Session, msg: Decoded) -> None:
    body = msg.body
    assert isinstance(body, PickupScanned)
    secret = current_runtime().settings.light_id_key.get_secret_value().encode()
    try:
        result = read(session, body.text, body.office, secret)
        code = normalise_code(pickup_from_qr(body.text) or "")
        pickup_id = session.scalar(
            select(PickupCode.id).where(PickupCode.code_hash == code_hash(secret, code))
        )
        verdict = result.verdict.value
    except PickupError as exc:  # not a pick-up code, or an office the hub does not know: kept as such
        log.info("pickup read at %s refused: %s", msg.envelope.device, exc.field)
        verdict, pickup_id = f"bad_{exc.field}", None
    session.add(PickupRead(device=msg.envelope.device, office=body.office, verdict=verdict, pickup_id=pickup_id,
                           read_at=body.read_at))  # fmt: skip
