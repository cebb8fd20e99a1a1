"""Fines register: import the agencies' files, look fines up by key, close them from the settlement import."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.fines.importfile import FineRow, ImportRefused, RowProblem, parse
from hub.fines.models import Fine, FineImport
from hub.fines.rules import mask_name, mask_payer, store_slip_allowed
from hub.payments.settlement import Due
from hub.payments.sources import Settled, register_source
from hub.staff.accounts import audit
from wire import now_ms
from wire.payloads.fines import Detail, FineInfo, FineKey, fine_payment_no

#: Today in Taiwan (tests replace it): a fine past its due date gets no store slip.
TODAY: list[Callable[[], date]] = [lambda: datetime.now(ZoneInfo("Asia/Taipei")).date()]
#: At most this many fines in one answer; more and the citizen is told to ask the agency.
MAX_LISTED = 50
_FIELDS = ("issued_on", "agency", "decision_no", "rule", "amount", "due_on", "payer_name", "status")


def payer_key(secret: bytes, payer_id: str) -> str:
    """HMAC-SHA256 of the normalised ID or business number: how the register finds a payer without the ID."""
    return hmac.new(secret, payer_id.encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class ImportSummary:
    import_id: int
    added: int
    updated: int
    unchanged: int


def import_fines(session: Session, text: str, filename: str, actor: str, secret: bytes) -> ImportSummary:
    """Add or update every row (all or nothing); ImportRefused names each bad row and changes nothing."""
    rows = parse(text)
    existing = {
        f.fine_no: f for f in session.scalars(select(Fine).where(Fine.fine_no.in_([r.fine_no for r in rows])))
    }
    problems = [
        RowProblem(r.line_no, "fine_no", f"fine {r.fine_no} is already paid; it cannot change")
        for r in rows
        if r.fine_no in existing and existing[r.fine_no].status == "paid" and _differs(existing[r.fine_no], r)
    ]
    by_payment: dict[str, str] = {}
    for r in rows:
        other = by_payment.setdefault(fine_payment_no(r.fine_no), r.fine_no)
        if other != r.fine_no:
            problems.append(RowProblem(r.line_no, "fine_no", f"differs from {other} only by leading zeros"))
    clash = session.scalars(
        select(Fine).where(
            Fine.payment_no.in_(list(by_payment)), Fine.fine_no.not_in(list(by_payment.values()))
        )
    ).first()
    if clash is not None:
        line = next(r.line_no for r in rows if fine_payment_no(r.fine_no) == clash.payment_no)
        problems.append(RowProblem(line, "fine_no", f"differs from {clash.fine_no} only by leading zeros"))
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: p.line_no))
    log = FineImport(at=now_ms(), actor=actor, filename=filename[:200], added=0, updated=0, unchanged=0)
    session.add(log)
    session.flush()
    for row in rows:
        fine = existing.get(row.fine_no)
        if fine is None:
            session.add(_new_fine(row, secret, log.id))
            log.added += 1
        elif _differs(fine, row) or fine.payer_key != payer_key(secret, row.payer_id):
            _apply(fine, row, secret, log.id)
            log.updated += 1
        else:
            log.unchanged += 1
    audit(session, actor, "fines.import", f"fine_import:{log.id}",
          {"file": filename[:200], "added": log.added, "updated": log.updated, "unchanged": log.unchanged})  # fmt: skip
    return ImportSummary(log.id, log.added, log.updated, log.unchanged)


def _differs(fine: Fine, row: FineRow) -> bool:
    return any(getattr(fine, f) != getattr(row, f) for f in _FIELDS if f != "status" or fine.status != "paid")


def _new_fine(row: FineRow, secret: bytes, import_id: int) -> Fine:
    fine = Fine(fine_no=row.fine_no, payment_no=fine_payment_no(row.fine_no))
    _apply(fine, row, secret, import_id)
    return fine


def _apply(fine: Fine, row: FineRow, secret: bytes, import_id: int) -> None:
    for field in _FIELDS:
        setattr(fine, field, getattr(row, field))
    fine.payer_kind = row.payer_kind.value
    fine.payer_key = payer_key(secret, row.payer_id)
    fine.payer_masked = mask_payer(row.payer_id)
    fine.import_id = import_id
    fine.updated_at = now_ms()


@dataclass(frozen=True, slots=True)
class CardHolder:
    """The citizen logged in with the card at the asking device: name and the ID's last 4 (hub/auth)."""

    name: str
    id_last4: str


def find_due(session: Session, kind: FineKey, key: str, secret: bytes) -> list[Fine]:
    """Unpaid fines for a normalised key, oldest due date first (at most MAX_LISTED + 1)."""
    query = select(Fine).where(Fine.status == "due")
    if kind is FineKey.FINE_NO:
        query = query.where(Fine.fine_no == key)
    else:
        query = query.where(Fine.payer_key == payer_key(secret, key), Fine.payer_kind == kind.value)
    return list(session.scalars(query.order_by(Fine.due_on, Fine.fine_no).limit(MAX_LISTED + 1)))


def detail_for(kind: FineKey, key: str, fines: list[Fine], holder: CardHolder | None) -> Detail:
    """CARD when the device's card holder is the payer (same ID's last 4 and name), else LIGHT."""
    if holder is None or kind is not FineKey.NATIONAL_ID or not fines:
        return Detail.LIGHT
    same = key[-4:] == holder.id_last4 and all(f.payer_name == holder.name for f in fines)
    return Detail.CARD if same else Detail.LIGHT


def info(fine: Fine, detail: Detail, today: date) -> FineInfo:
    """A person's name and the rule broken only for their card; a business is shown in full."""
    person = fine.payer_kind == FineKey.NATIONAL_ID.value
    private = person and detail is Detail.LIGHT
    return FineInfo(
        fine_no=fine.fine_no,
        issued_on=fine.issued_on,
        decision_no=fine.decision_no,
        amount=fine.amount,
        due_on=fine.due_on,
        agency=fine.agency,
        payer_masked=fine.payer_masked,
        payer_name=mask_name(fine.payer_name) if private else fine.payer_name,
        rule=None if private else fine.rule,
        payment_no=fine.payment_no,
        store=store_slip_allowed(fine.amount, fine.due_on, today),
    )


class FineSource:
    """Fines in the settlement import: payment numbers ``F`` + fine number."""

    name = "fines"

    def dues(self, session: Session, numbers: Iterable[str]) -> dict[str, Due]:
        wanted = [n for n in numbers if n.startswith("F")]
        if not wanted:
            return {}
        rows = session.scalars(select(Fine).where(Fine.payment_no.in_(wanted)))
        return {f.payment_no: Due(f.amount, f.status == "paid") for f in rows if f.status != "cancelled"}

    def settle(self, session: Session, settled: Settled) -> None:
        fine = session.scalars(select(Fine).where(Fine.payment_no == settled.payment_no)).one()
        fine.status, fine.paid_at, fine.store = "paid", settled.paid_at_ms, settled.store
        fine.settlement_id, fine.updated_at = settled.settlement_id, now_ms()
        audit(
            session, settled.actor, "fine.paid", f"fine:{fine.fine_no}", {"settlement": settled.settlement_id}
        )


register_source(FineSource())
