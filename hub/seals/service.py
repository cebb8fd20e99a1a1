"""Seal and signature logic: register (a new one changes the old), cancel, look up from any office, compare a
presented impression, and record the staff decision (the score never decides)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.national_id import InvalidIdentification, person_key
from hub.core.images import BadImage, CheckedImage, check_image, png_of
from hub.core.offices import UnknownOffice, check_office
from hub.seals import compare as core
from hub.seals.models import SealComparison, SealEvent, SealImage, SealRecord
from hub.staff.accounts import audit

TAIPEI = ZoneInfo("Asia/Taipei")


class Kind(StrEnum):
    SEAL = "seal"  # 印鑑
    SIGNATURE = "signature"  # 簽名


class Status(StrEnum):
    REGISTERED = "registered"
    CHANGED = "changed"  # replaced by a newer registration
    CANCELLED = "cancelled"


class Decision(StrEnum):
    MATCH = "match"
    NO_MATCH = "no_match"


class SealError(ValueError):
    """A request that cannot be done; ``field`` names the input, ``status`` the HTTP status."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


def owner_key(national_id: str, secret: bytes) -> tuple[str, str]:
    """(keyed hash, masked) of a checked national ID; SealError naming ``national_id`` otherwise."""
    try:
        return person_key(national_id, secret)
    except InvalidIdentification as exc:
        raise SealError("national_id", exc.message) from None


def _office(office: str) -> str:
    try:
        return check_office(office)
    except UnknownOffice as exc:
        raise SealError(exc.field, str(exc).split(": ", 1)[1]) from None


def _image(data: bytes, field: str) -> CheckedImage:
    try:
        return check_image(data, field)
    except BadImage as exc:
        raise SealError(exc.field, exc.message, exc.status) from None


def store_image(session: Session, png: bytes, width: int, height: int, now_ms: int) -> str:
    sha = hashlib.sha256(png).hexdigest()
    if session.get(SealImage, sha) is None:
        session.add(SealImage(sha256=sha, width=width, height=height, data=png, created_at=now_ms))
        session.flush()
    return sha


def register(
    session: Session,
    *,
    national_id: str,
    name: str,
    kind: Kind,
    office: str,
    image: bytes,
    staff: str,
    secret: bytes,
    now_ms: int,
) -> SealRecord:
    """A new registration; an earlier registered one of the same kind becomes ``changed`` (history kept)."""
    key, shown = owner_key(national_id, secret)
    office = _office(office)
    if not name.strip() or len(name) > 100:
        raise SealError("name", "the owner's name is required (at most 100 characters)")
    checked = _image(image, "image")
    try:
        core.normalise(checked.array())
    except core.NotASeal as exc:
        raise SealError("image", str(exc)) from None
    sha = store_image(session, checked.png, checked.width, checked.height, now_ms)
    for old in session.scalars(
        select(SealRecord).where(
            SealRecord.owner_key == key,
            SealRecord.kind == kind.value,
            SealRecord.status == Status.REGISTERED.value,
        )
    ):
        old.status = Status.CHANGED.value
        session.add(
            SealEvent(
                record_id=old.id, status=old.status, office=office, staff=staff, at=now_ms, note="replaced"
            )
        )
    record = SealRecord(
        id=secrets.token_hex(16),
        owner_key=key,
        owner_masked=shown,
        owner_name=name.strip(),
        kind=kind.value,
        office=office,
        registered_on=datetime.fromtimestamp(now_ms / 1000, TAIPEI).date().isoformat(),
        status=Status.REGISTERED.value,
        image_sha256=sha,
        created_at=now_ms,
        created_by=staff,
    )
    session.add(record)
    session.flush()
    session.add(
        SealEvent(record_id=record.id, status=record.status, office=office, staff=staff, at=now_ms, note="")
    )
    audit(session, staff, "seals.register", record.id, {"kind": kind.value, "office": office})
    return record


def cancel(session: Session, record_id: str, office: str, staff: str, note: str, now_ms: int) -> SealRecord:
    record = session.get(SealRecord, record_id)
    if record is None:
        raise SealError("record_id", "no such seal record", 404)
    if record.status != Status.REGISTERED.value:
        raise SealError("record_id", f"the record is {record.status}, not registered", 409)
    record.status = Status.CANCELLED.value
    session.add(
        SealEvent(
            record_id=record.id,
            status=record.status,
            office=_office(office),
            staff=staff,
            at=now_ms,
            note=note[:500],
        )
    )
    audit(session, staff, "seals.cancel", record.id)
    return record


def lookup(session: Session, national_id: str, secret: bytes, staff: str) -> list[SealRecord]:
    """Every record of the person (all offices, newest first); the look-up itself is audited."""
    key, _ = owner_key(national_id, secret)
    records = list(
        session.scalars(
            select(SealRecord).where(SealRecord.owner_key == key).order_by(SealRecord.created_at.desc())
        )
    )
    audit(session, staff, "seals.lookup", key[:16], {"found": len(records)})
    return records


def history(session: Session, record_id: str) -> list[SealEvent]:
    return list(
        session.scalars(select(SealEvent).where(SealEvent.record_id == record_id).order_by(SealEvent.id))
    )


@dataclass(frozen=True)
class Compared:
    comparison: SealComparison
    result: core.Comparison


def compare(
    session: Session, record_id: str, presented: bytes, office: str, staff: str, now_ms: int
) -> Compared:
    """Align the presented impression to the record's image and store both, the views and the score."""
    record = session.get(SealRecord, record_id)
    if record is None:
        raise SealError("record_id", "no such seal record", 404)
    if record.status != Status.REGISTERED.value:
        raise SealError("record_id", f"the record is {record.status}; compare with the registered one", 409)
    office = _office(office)
    checked = _image(presented, "presented")
    registered = session.get(SealImage, record.image_sha256)
    assert registered is not None
    reg_img = check_image(registered.data)
    try:
        result = core.compare(reg_img.array(), checked.array())
    except core.NotASeal as exc:
        raise SealError("presented", str(exc)) from None
    views = {
        name: store_image(session, png_of(array), core.SIZE, core.SIZE, now_ms)
        for name, array in (
            ("registered", 255 - result.registered),
            ("aligned", 255 - result.aligned),
            ("overlay", result.overlay),
            ("difference", result.difference),
        )
    }
    row = SealComparison(
        id=secrets.token_hex(16),
        record_id=record.id,
        presented_sha256=store_image(session, checked.png, checked.width, checked.height, now_ms),
        aligned_sha256=views["aligned"],
        registered_view_sha256=views["registered"],
        overlay_sha256=views["overlay"],
        difference_sha256=views["difference"],
        score=result.score,
        rotation_deg=result.rotation_deg,
        scale=result.scale,
        shift_x=result.shift_px[0],
        shift_y=result.shift_px[1],
        office=office,
        staff=staff,
        created_at=now_ms,
        decision=None,
        note="",
    )
    session.add(row)
    session.flush()
    audit(session, staff, "seals.compare", row.id, {"record": record.id, "score": result.score})
    return Compared(row, result)


def decide(
    session: Session, comparison_id: str, decision: Decision, staff: str, note: str, now_ms: int
) -> SealComparison:
    """The staff member's decision; once made it stays (a new comparison is a new record)."""
    row = session.get(SealComparison, comparison_id)
    if row is None:
        raise SealError("comparison_id", "no such comparison", 404)
    if row.decision is not None:
        raise SealError("decision", f"already decided ({row.decision}) by {row.decided_by}", 409)
    row.decision, row.decided_by, row.decided_at, row.note = decision.value, staff, now_ms, note[:500]
    audit(session, staff, "seals.decide", row.id, {"decision": decision.value, "score": row.score})
    return row
