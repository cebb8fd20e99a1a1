"""N+e logic: record a consent with its agencies, build a day's batch (idempotent, byte-identical), deliver due
files with retries and back-off, and report delivery status per agency and day."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from hub.auth.national_id import InvalidIdentification, identify_light, masked, normalise_national_id
from hub.core.offices import check_office
from hub.nplus_e import batch
from hub.nplus_e.catalogue import Catalogue, ChangeKind
from hub.nplus_e.delivery import Deliverer, DeliveryError
from hub.nplus_e.models import NplusEBatch, NplusEConsent, NplusEDelivery, NplusEDestination, NplusENotice
from hub.nplus_e.retry import RetryPolicy
from hub.staff.accounts import audit

log = logging.getLogger(__name__)
TAIPEI = ZoneInfo("Asia/Taipei")
DEFAULT_POLICY = RetryPolicy()
LEASE_MS = 120_000  # a delivery being tried is not picked by another hub process for this long


class NplusEError(ValueError):
    """A request that cannot be done; ``field`` names the input, ``status`` the HTTP status."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


class ConsentIn(BaseModel):
    """What the counter enters after a registration change (the national ID is hashed, never stored)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    office: str = Field(min_length=1, max_length=63)
    change: ChangeKind
    effective_date: date
    national_id: str = Field(max_length=64)  # format checked by the service, which never echoes it
    name: str = Field(min_length=1, max_length=100)
    birth_date: date
    old_address: str = Field(default="", max_length=300)
    new_address: str = Field(default="", max_length=300)
    new_name: str = Field(default="", max_length=100)
    agencies: list[str] = Field(max_length=71)

    @field_validator("agencies")
    @classmethod
    def _some(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(
                "tick at least one agency to notify (a consent without agencies notifies no one)"
            )
        if len(set(value)) != len(value):
            raise ValueError("an agency is ticked twice")
        return value


def taipei_day(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, TAIPEI).date()


def record_consent(
    session: Session, form: ConsentIn, staff: str, catalogue: Catalogue, secret: bytes, now_ms: int
) -> NplusEConsent:
    """Store the consent and one notice per ticked agency; NplusEError (nothing stored) for bad input."""
    try:
        check_office(form.office)
    except ValueError as exc:
        raise NplusEError("office", str(exc).split(": ", 1)[1]) from None
    unknown = [code for code in form.agencies if catalogue.agency(code) is None]
    if unknown:
        raise NplusEError("agencies", f"unknown agency code {unknown[0][:32]!r}")
    if form.change is ChangeKind.MOVE and not form.new_address:
        raise NplusEError("new_address", "a move needs the new address")
    if form.change is ChangeKind.NAME and not form.new_name:
        raise NplusEError("new_name", "a name change needs the new name")
    try:
        number = normalise_national_id(form.national_id)
        identity = identify_light(number, form.birth_date.isoformat(), taipei_day(now_ms), secret)
    except InvalidIdentification as exc:
        raise NplusEError(exc.field, exc.message) from None
    day = taipei_day(now_ms).isoformat()
    consent = NplusEConsent(
        id=secrets.token_hex(16),
        day=day,
        created_at=now_ms,
        office=form.office,
        staff=staff,
        change=form.change.value,
        effective_date=form.effective_date.isoformat(),
        name=form.name,
        id_masked=masked(number),
        subject_key=identity.subject_key,
        birth_date=form.birth_date.isoformat(),
        old_address=form.old_address,
        new_address=form.new_address,
        new_name=form.new_name,
    )
    session.add(consent)
    session.flush()
    session.add_all(NplusENotice(consent_id=consent.id, agency=code, day=day) for code in form.agencies)
    audit(
        session, staff, "nplus_e.consent", consent.id, {"agencies": len(form.agencies), "office": form.office}
    )
    return consent


@dataclass(frozen=True)
class BuildResult:
    day: date
    built: int  # agencies whose files were made now
    unchanged: int  # agencies whose files existed and a re-run made the same bytes
    records: int


class BatchChanged(RuntimeError):
    """A re-run made other bytes than the stored files (a notice was added to a closed day): nothing replaced."""


def build_day(
    session: Session, day: date, catalogue: Catalogue, signer: batch.Signer, now_ms: int
) -> BuildResult:
    """Build (or re-check) every agency's files for ``day``; only for a day that is over in Taipei."""
    if day >= taipei_day(now_ms):
        raise NplusEError("day", f"{day} is not over yet; its batch is built the next day", status=409)
    rows = session.execute(
        select(NplusENotice.agency, NplusEConsent)
        .join(NplusEConsent, NplusEConsent.id == NplusENotice.consent_id)
        .where(NplusENotice.day == day.isoformat())
    ).all()
    by_agency: dict[str, list[batch.NoticeRecord]] = {}
    for code, c in rows:
        by_agency.setdefault(code, []).append(
            batch.NoticeRecord(
                notice_id=f"{c.id}-{code}",
                change=c.change,
                effective_date=c.effective_date,
                office=c.office,
                name=c.name,
                id_masked=c.id_masked,
                subject_key=c.subject_key,
                birth_date=c.birth_date,
                old_address=c.old_address,
                new_address=c.new_address,
                new_name=c.new_name,
            )
        )
    existing = {
        b.agency: b for b in session.scalars(select(NplusEBatch).where(NplusEBatch.day == day.isoformat()))
    }
    built = unchanged = 0
    for agency in catalogue.agencies:
        files = batch.build(agency.code, agency.name, day, by_agency.get(agency.code, []), signer)
        old = existing.get(agency.code)
        if old is not None:
            if (old.data, old.signature, old.manifest) != (files.data, files.signature, files.manifest):
                raise BatchChanged(f"{day} {agency.code}: the re-run differs from the stored files")
            unchanged += 1
            continue
        session.add(
            NplusEBatch(
                day=day.isoformat(),
                agency=agency.code,
                records=files.records,
                manifest_sha256=files.manifest_sha256,
                data_name=files.data_name,
                data=files.data,
                signature_name=files.signature_name,
                signature=files.signature,
                manifest_name=files.manifest_name,
                manifest=files.manifest,
                built_at=now_ms,
            )
        )
        session.add(
            NplusEDelivery(
                day=day.isoformat(), agency=agency.code, status="pending", attempts=0, next_attempt_at=now_ms
            )
        )
        built += 1
    return BuildResult(day, built, unchanged, len(rows))


def days_to_build(session: Session, now_ms: int, batch_hour: int) -> list[date]:
    """Days before today with notices and no batch yet; yesterday only once ``batch_hour`` has passed."""
    now = datetime.fromtimestamp(now_ms / 1000, TAIPEI)
    last = now.date() - timedelta(days=1 if now.hour >= batch_hour else 2)
    built = set(session.scalars(select(NplusEBatch.day).distinct()))
    days = session.scalars(select(NplusENotice.day).distinct().where(NplusENotice.day <= last.isoformat()))
    return sorted(date.fromisoformat(d) for d in days if d not in built)


@dataclass(frozen=True)
class Attempt:
    day: str
    agency: str
    ok: bool
    detail: str


def deliver_due(
    sessions: sessionmaker[Session],
    now_ms: int,
    deliverer_for: Callable[[NplusEDestination], Deliverer],
    policy: RetryPolicy = DEFAULT_POLICY,
    limit: int = 500,
) -> list[Attempt]:
    """Try every delivery whose time has come (claimed with a lease, so two hubs never send the same one)."""
    with sessions.begin() as session:
        due = session.execute(
            select(NplusEDelivery.day, NplusEDelivery.agency)
            .where(NplusEDelivery.status.in_(("pending", "retrying")))
            .where(NplusEDelivery.next_attempt_at <= now_ms)
            .where(NplusEDelivery.lease_until <= now_ms)
            .order_by(NplusEDelivery.next_attempt_at, NplusEDelivery.day, NplusEDelivery.agency)
            .limit(limit)
        ).all()
    attempts: list[Attempt] = []
    for day, agency in due:
        with sessions.begin() as session:
            claimed = session.execute(  # type: ignore[attr-defined]
                update(NplusEDelivery)
                .where(NplusEDelivery.day == day, NplusEDelivery.agency == agency)
                .where(
                    NplusEDelivery.status.in_(("pending", "retrying")), NplusEDelivery.lease_until <= now_ms
                )
                .values(lease_until=now_ms + LEASE_MS)
            ).rowcount
            if not claimed:
                continue
            files = session.get(NplusEBatch, (day, agency))
            destination = session.get(NplusEDestination, agency)
            assert files is not None
            payload = [(files.data_name, files.data), (files.signature_name, files.signature)]
            payload.append((files.manifest_name, files.manifest))
            key = files.manifest_sha256
            if destination is not None:
                session.expunge(destination)
        ok, detail, permanent = _try(destination, deliverer_for, payload, key)
        with sessions.begin() as session:
            row = session.get(NplusEDelivery, (day, agency))
            assert row is not None
            row.attempts += 1
            row.lease_until = 0
            if ok:
                row.status, row.delivered_at, row.last_result = "delivered", now_ms, detail
            else:
                row.last_error = detail
                if permanent or policy.gives_up(row.attempts):
                    row.status = "failed"
                else:
                    row.status = "retrying"
                    row.next_attempt_at = now_ms + int(policy.delay_after(row.attempts) * 1000)
        attempts.append(Attempt(day, agency, ok, detail))
        if not ok:
            log.warning("N+e delivery %s %s failed (try %d): %s", day, agency, row.attempts, detail)
    return attempts


def _try(
    destination: NplusEDestination | None,
    deliverer_for: Callable[[NplusEDestination], Deliverer],
    payload: Sequence[tuple[str, bytes]],
    key: str,
) -> tuple[bool, str, bool]:
    if destination is None:
        return False, "no destination is configured for this agency", False
    try:
        return True, deliverer_for(destination).deliver(payload, key), False
    except DeliveryError as exc:
        return False, str(exc), exc.permanent


def retry_now(session: Session, day: str, agency: str, staff: str, now_ms: int) -> NplusEDelivery:
    """Staff: try a failed or retrying delivery again at once (never a delivered one)."""
    row = session.get(NplusEDelivery, (day, agency))
    if row is None:
        raise NplusEError("agency", f"no batch for {agency[:32]} on {day[:10]}", status=404)
    if row.status == "delivered":
        raise NplusEError("agency", "already delivered; it is not sent again", status=409)
    row.status, row.next_attempt_at = "retrying", now_ms
    audit(session, staff, "nplus_e.retry", f"{day}/{agency}")
    return row


def set_destination(
    session: Session, catalogue: Catalogue, agency: str, url: str, host_key: str | None, token: str | None
) -> NplusEDestination:
    from hub.nplus_e.delivery import DestinationError, parse_destination

    if catalogue.agency(agency) is None:
        raise NplusEError("agency", f"unknown agency code {agency[:32]!r}", status=404)
    try:
        parse_destination(url, host_key)
    except DestinationError as exc:
        field, _, message = str(exc).partition(": ")
        raise NplusEError(field, message) from None
    row = session.get(NplusEDestination, agency) or NplusEDestination(agency=agency)
    row.url, row.host_key, row.token = url, host_key, token
    session.add(row)
    return row
