"""Sequence gaps as ranges: record a missing range, fill a number that arrived late, count what is missing.

One row per range (``first_seq..last_seq``, inclusive), so the rows a device can make are bounded by the
messages it sends, not by how far its numbers jump (issue 13: a row per number let one 216-byte message
make 255 rows). Filling a number splits its open range into the open part before it, the filled number
(a one-number range with ``filled_at``) and the open part after it. The ingest writer calls these inside
its transaction with the device's row locked, so two hubs never split the same range at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, func, insert, select, update
from sqlalchemy.orm import Session

from hub.devices.models import SeqGap

_GAPS: Table = SeqGap.__table__  # type: ignore[assignment]


def missing_numbers() -> ColumnElement[Any]:
    """``sum`` of the numbers the selected ranges hold (use with a ``filled_at`` condition)."""
    return func.coalesce(func.sum(SeqGap.last_seq - SeqGap.first_seq + 1), 0)


def record(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert open ranges: dicts with device, session, first_seq, last_seq (first <= last), detected_at."""
    bad = [r for r in rows if not 0 <= r["first_seq"] <= r["last_seq"]]
    if bad:
        raise ValueError(
            f"a gap range needs 0 <= first <= last, got {bad[0]['first_seq']}..{bad[0]['last_seq']}"
        )
    if rows:
        session.execute(insert(_GAPS), list(rows))


def fill(session: Session, device: str, session_no: int, seq: int, at: int) -> bool:
    """Mark ``seq`` of that session as arrived; False if no open range holds it (nothing changes then)."""
    cols = _GAPS.c
    found = session.execute(
        select(cols.id, cols.first_seq, cols.last_seq, cols.detected_at)
        .where(cols.device == device, cols.session == session_no, cols.filled_at.is_(None))
        .where(cols.first_seq <= seq, cols.last_seq >= seq)
        .order_by(cols.id)
        .limit(1)
    ).first()
    if found is None:
        return False
    gap_id, first, last, detected = found
    # the row itself becomes the filled number; what is left either side stays open as new rows
    session.execute(update(_GAPS).where(cols.id == gap_id).values(first_seq=seq, last_seq=seq, filled_at=at))
    base = {"device": device, "session": session_no, "detected_at": detected, "filled_at": None}
    rest = [base | {"first_seq": first, "last_seq": seq - 1}] if first < seq else []
    if seq < last:
        rest.append(base | {"first_seq": seq + 1, "last_seq": last})
    if rest:
        session.execute(insert(_GAPS), rest)
    return True


__all__ = ["fill", "missing_numbers", "record"]
