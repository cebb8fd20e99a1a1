"""Kiosk traffic: ``case.opened`` (opened once per event id, dated when made), ``case.query`` and
``case.slip`` (a store kiosk's slips by case number + the citizen's chosen password)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.cases.models import Case
from hub.cases.progress import RateLimited, check_pair
from hub.cases.service import Applicant, CaseError, date_of_ms, open_case
from hub.cases.slips import payable, slip_lookup
from hub.catalogue.model import CatalogueError
from hub.catalogue.store import current_catalogue
from hub.ingest.handlers import on_event, on_request
from hub.staff.accounts import audit
from wire import Decoded, now_ms
from wire.payloads.cases import CaseOpened, CaseQuery, CaseSlips, CaseStatus, Identity, SlipQuery


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
    identity = body.identity.value
    if body.identity is Identity.CARD and not _card_session_seen(session, msg.address.device):
        identity = Identity.NONE.value  # the kiosk's word is not enough: the hub saw no card login there
        audit(
            session,
            f"kiosk:{msg.address.device}",
            "case.identity_unverified",
            body.case_no,
            {"claimed": "card"},
        )
    open_case(
        session,
        service_code=body.service,
        channel="kiosk",
        applicant=Applicant(body.name, body.phone, body.email),
        consent=body.consent,
        actor=f"kiosk:{msg.address.device}",
        public_url=None,  # no settings here: the notification sender fills in Settings.public_url
        today=date_of_ms(_received_at(msg.envelope.ts)),
        consent_at=msg.envelope.ts,  # the kiosk's own time, kept as it reported it
        case_no=body.case_no,
        password_hash=body.password_hash,
        source_event=msg.envelope.id,
        source_device=msg.address.device,
        identity=identity,
        copies=int(body.fields.get("copies", "1")) if body.fields.get("copies", "1").isdigit() else 1,
        fields=dict(body.fields) or None,
    )


CARD_CLAIM_WINDOW_MS = 7 * 86_400_000  # a kiosk's outbox may hold a case that long while the broker is away


def _received_at(reported: int) -> int:
    """When the case counts as received: the kiosk's time if it is plausible (not ahead of the hub's clock,
    not older than an outbox may hold a case), else the hub's own clock; a compromised kiosk cannot make a
    case 200 days overdue (issue 13). The kiosk's time is kept as reported (``consent_at``)."""
    now = now_ms()
    return reported if now - CARD_CLAIM_WINDOW_MS <= reported <= now else now


def _card_session_seen(session: Session, device: str) -> bool:
    """A card login needs the hub (challenge and certificate check), so a case made with the card has a
    card session of this device at the hub, opened before the case reached it (issue 13)."""
    from hub.auth.models import CitizenSessionRow
    from hub.auth.national_id import Assurance

    found = session.scalar(
        select(CitizenSessionRow.id_hash)
        .where(
            CitizenSessionRow.device == device,
            CitizenSessionRow.assurance == int(Assurance.CARD),
            CitizenSessionRow.opened_at <= now_ms(),
            CitizenSessionRow.opened_at >= now_ms() - CARD_CLAIM_WINDOW_MS,
        )
        .limit(1)
    )
    return found is not None


def supplement_note(case: Case) -> str | None:
    """What staff wrote when they asked for the supplement now awaited (the note of the step that asked)."""
    asked = [t for t in case.timeline if t.milestone == case.milestone]
    note = (asked[-1].note or "").strip() if asked else ""
    return note[:500] or None


def english_names(session: Session, case: Case) -> tuple[str | None, str | None]:
    """The case's service and current milestone in English, from the catalogue in force (the case keeps
    only the Chinese names it was given); None for what the catalogue no longer holds."""
    try:
        service = current_catalogue(session).get(case.service)
    except CatalogueError:
        return None, None
    try:
        milestone_en: str | None = service.milestone(case.milestone).name_en
    except CatalogueError:
        milestone_en = None
    return service.name_en or None, milestone_en or None


@on_request("case.query")
def on_case_query(session: Session, msg: Decoded) -> CaseStatus:
    """A kiosk's progress/slip query with case number + password; rate-limited per number and per device."""
    body = msg.body
    assert isinstance(body, CaseQuery)
    try:
        case = check_pair(session, body.case_no, body.password, f"device:{msg.address.device}")
    except RateLimited:
        return CaseStatus(found=False, limited=True)
    if case is None:
        return CaseStatus(found=False)
    slips, bank = payable(session, case)
    waiting = any(p.resumed_on is None for p in case.pauses)
    service_en, milestone_en = english_names(session, case) if body.english else (None, None)
    return CaseStatus(
        found=True,
        case_no=case.case_no,
        service_name=case.service_name,
        milestone_name=case.milestone_name,
        service_name_en=service_en,
        milestone_name_en=milestone_en,
        closed=case.status == "closed",
        due_on=case.due_on,
        waiting_for_supplement=waiting,
        supplement_note=supplement_note(case) if waiting else None,
        slips=slips,
        bank_only=bank,
    )


@on_request("case.slip")
def on_case_slip(session: Session, msg: Decoded) -> CaseSlips:
    """A store kiosk prints a case's slips with its number and the password the citizen chose online
    (seed 004:665); wrong pairs are counted per number and device with ``case.query``'s."""
    body = msg.body
    assert isinstance(body, SlipQuery)
    try:
        case, tries_left = slip_lookup(session, body.case_no, body.password, f"device:{msg.address.device}")
    except RateLimited:
        return CaseSlips(found=False, limited=True, tries_left=0)
    if case is None:
        return CaseSlips(found=False, tries_left=tries_left)
    slips, bank = payable(session, case)
    return CaseSlips(
        found=True, case_no=case.case_no, service_name=case.service_name, slips=slips, bank_only=bank
    )
