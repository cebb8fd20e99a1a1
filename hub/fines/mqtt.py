"""``fine.lookup`` from a kiosk: unpaid fines by national ID, business number or fine number (seed 004:669).

A malformed key is refused with a reason naming the field (``request.error``), never dead-lettered with the
body; the key is never logged. The device's live card session (hub/auth) decides the detail shown.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.models import CitizenSessionRow
from hub.auth.national_id import Assurance
from hub.auth.runtime import current_runtime
from hub.auth.store import SqlSessions
from hub.fines.rules import InvalidKey, normalise_key
from hub.fines.service import MAX_LISTED, TODAY, CardHolder, detail_for, find_due, info
from hub.ingest.handlers import RequestRejected, on_request
from wire import Decoded
from wire.payloads.fines import FineList, FineLookup

log = logging.getLogger(__name__)


def card_holder(session: Session, device: str) -> CardHolder | None:
    """The citizen logged in with the card at ``device`` now, if any."""
    SqlSessions(session, current_runtime().settings.citizen_idle_timeout_s).expire_idle()
    row = session.scalars(
        select(CitizenSessionRow).where(
            CitizenSessionRow.device == device,
            CitizenSessionRow.ended_at.is_(None),
            CitizenSessionRow.assurance == int(Assurance.CARD),
        )
    ).first()
    return None if row is None else CardHolder(row.holder_name, row.id_last4)


@on_request("fine.lookup")
def lookup(session: Session, msg: Decoded) -> FineList:
    body = msg.body
    assert isinstance(body, FineLookup)
    try:
        key = normalise_key(body.kind, body.key)
    except InvalidKey as exc:
        log.info("fine look-up from %s refused: malformed %s", msg.envelope.device, exc.field)
        raise RequestRejected(f"invalid_{exc.field}", f"{exc.zh} {exc.en}") from None
    settings = current_runtime().settings
    fines = find_due(session, body.kind, key, settings.light_id_key.get_secret_value().encode())
    detail = detail_for(body.kind, key, fines, card_holder(session, msg.envelope.device))
    today = TODAY[0]()
    return FineList(
        detail=detail,
        fines=tuple(info(f, detail, today) for f in fines[:MAX_LISTED]),
        more=len(fines) > MAX_LISTED,
    )
