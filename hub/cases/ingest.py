"""``case.opened`` from kiosks: open the case once per event id, dated when the kiosk made it (offline too)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.cases.models import Case
from hub.cases.service import Applicant, CaseError, date_of_ms, open_case
from hub.ingest.handlers import on_event
from wire import Decoded
from wire.payloads.cases import CaseOpened

#: Where citizens query progress (set from Settings.public_url when the app starts).
PUBLIC = {"url": "http://127.0.0.1:8000"}


@on_event("case.opened")
def on_case_opened(session: Session, msg: Decoded) -> None:
    """Runs once per new event id (the event log dedups repeats). A number already held by a different
    case is refused (the event goes to dead letters with the reason)."""
    body = msg.body
    assert isinstance(body, CaseOpened)
    existing = session.scalar(select(Case).where(Case.case_no == body.case_no))
    if existing is not None:
        if existing.source_event == msg.envelope.id:
            return
        raise CaseError(
            f"case number {body.case_no} from {msg.address.device} is already used by another case", 409
        )
    open_case(
        session,
        service_code=body.service,
        channel="kiosk",
        applicant=Applicant(body.name, body.phone, body.email),
        consent=body.consent,
        actor=f"kiosk:{msg.address.device}",
        public_url=PUBLIC["url"],
        today=date_of_ms(msg.envelope.ts),
        case_no=body.case_no,
        password_hash=body.password_hash,
        source_event=msg.envelope.id,
        source_device=msg.address.device,
        identity=body.identity.value,
        copies=int(body.fields.get("copies", "1")) if body.fields.get("copies", "1").isdigit() else 1,
        fields=dict(body.fields) or None,
    )
