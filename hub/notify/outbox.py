"""Queue notifications with the case change that causes them; deliver them later with retries.

Queuing happens inside the case's transaction, so a notification exists if and only if the change does.
Delivery runs outside it (a background task after the request, and a periodic worker), one message per
transaction, so a failing mail server or SMS provider never blocks or undoes a case.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.notify.models import Notification
from hub.notify.senders import DeliveryError, Outgoing, Sender
from hub.notify.templates import fill_public_url
from wire import now_ms

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
#: Wait before attempt n+1 (seconds): 10 s, 30 s, 2 min, 10 min, 1 h.
BACKOFF_S = (10, 30, 120, 600, 3600)


def enqueue(
    session: Session,
    *,
    case_id: int,
    milestone: str,
    channel: str,
    recipient: str,
    subject: str | None,
    body: str,
) -> Notification:
    note = Notification(
        case_id=case_id,
        milestone=milestone,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        status="pending",
        attempts=0,
        next_attempt_at=now_ms(),
        created_at=now_ms(),
    )
    session.add(note)
    return note


def _due_ids(session: Session, now: int, limit: int, channels: list[str]) -> list[int]:
    stmt = (
        select(Notification.id)
        .where(
            Notification.status == "pending",
            Notification.next_attempt_at <= now,
            Notification.channel.in_(channels),
        )
        .order_by(Notification.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def deliver_due(
    sessions: sessionmaker[Session],
    senders: Mapping[str, Sender],
    *,
    public_url: str,
    limit: int = 100,
    backoff_s: Sequence[int] = BACKOFF_S,
) -> int:
    """Try every pending notification whose time has come; returns how many were sent now.

    ``public_url`` (Settings.public_url) fills the progress address into texts queued without it.
    Messages of a channel with no sender configured stay pending until one is."""
    if not senders:
        return 0
    with sessions() as session:
        ids = _due_ids(session, now_ms(), limit, list(senders))
    sent = 0
    for note_id in ids:
        sent += _deliver_one(sessions, senders, note_id, backoff_s, public_url)
    return sent


LEASE_MS = 120_000  # a claimed message is not tried by another worker for this long


def _deliver_one(
    sessions: sessionmaker[Session],
    senders: Mapping[str, Sender],
    note_id: int,
    backoff_s: Sequence[int],
    public_url: str,
) -> int:
    """Claim (short transaction), send with no transaction open, then record the outcome."""
    with sessions() as session, session.begin():
        stmt = select(Notification).where(Notification.id == note_id, Notification.status == "pending")
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        note = session.scalar(stmt)
        if note is None or note.next_attempt_at > now_ms():
            return 0  # another worker has it, or it was already sent
        note.attempts += 1
        note.next_attempt_at = now_ms() + LEASE_MS
        attempts, channel = note.attempts, note.channel
        subject = fill_public_url(note.subject, public_url) if note.subject else note.subject
        outgoing = Outgoing(f"n{note.id}", note.recipient, subject, fill_public_url(note.body, public_url))
    sender = senders.get(channel)
    error: DeliveryError | None = None
    ref = ""
    if sender is None:
        error = DeliveryError(f"no {channel} sender is configured", permanent=True)
    else:
        try:
            ref = sender.send(outgoing)
        except DeliveryError as exc:
            error = exc
    with sessions() as session, session.begin():
        note = session.get(Notification, note_id)
        assert note is not None
        if error is None:
            note.status, note.sent_at, note.provider_ref, note.last_error = "sent", now_ms(), ref[:120], None
            return 1
        note.last_error = str(error)[:500]
        if error.permanent or attempts >= MAX_ATTEMPTS:
            note.status = "failed"
            log.warning("notification %s failed for good after %s attempts: %s", note_id, attempts, error)
        else:
            note.next_attempt_at = now_ms() + backoff_s[min(attempts - 1, len(backoff_s) - 1)] * 1000
        return 0
