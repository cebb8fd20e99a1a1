"""Seq gaps as ranges: ``seq_gap_ranges`` (first_seq..last_seq) replaces ``seq_gaps`` (a row per number).

Existing rows are folded into ranges: consecutive numbers of one device and session that were detected
together and are both open (or both filled at the same moment) become one range. Downgrade writes a row per
number again (a range is at most 256 numbers on the wire, seq being 0-255).

Revision ID: 0002_seq_gap_ranges
Revises: 0001_core
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002_seq_gap_ranges"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUTO_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_CHUNK = 5000
_WIRE_SEQ_LIMIT = 256


def _ranges(rows: Iterator[Any]) -> Iterator[dict[str, Any]]:
    """Rows ordered by (device, session, detected_at, filled_at, seq) → ranges of consecutive numbers."""
    current: dict[str, Any] | None = None
    for device, session, seq, detected, filled in rows:
        if (
            current is not None
            and (current["device"], current["session"], current["detected_at"], current["filled_at"])
            == (device, session, detected, filled)
            and seq == current["last_seq"] + 1
        ):
            current["last_seq"] = seq
            continue
        if current is not None:
            yield current
        current = {"device": device, "session": session, "first_seq": seq, "last_seq": seq,
                   "detected_at": detected, "filled_at": filled}  # fmt: skip
    if current is not None:
        yield current


def _copy(source: sa.Select[Any], target: sa.Table, convert: Any) -> None:
    bind = op.get_bind()
    batch: list[dict[str, Any]] = []
    for row in convert(bind.execute(source)):
        batch.append(row)
        if len(batch) >= _CHUNK:
            bind.execute(target.insert(), batch)
            batch = []
    if batch:
        bind.execute(target.insert(), batch)


def upgrade() -> None:
    ranges = op.create_table(
        "seq_gap_ranges",
        sa.Column("id", AUTO_ID, autoincrement=True, nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("session", sa.BigInteger(), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("detected_at", sa.BigInteger(), nullable=False),
        sa.Column("filled_at", sa.BigInteger()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seq_gap_ranges")),
    )
    op.create_index(
        "ix_seq_gap_ranges_device_session_first", "seq_gap_ranges", ["device", "session", "first_seq"]
    )
    old = sa.table(
        "seq_gaps",
        *(sa.column(c) for c in ("device", "session", "seq", "detected_at", "filled_at")),
    )
    source = sa.select(old.c.device, old.c.session, old.c.seq, old.c.detected_at, old.c.filled_at).order_by(
        old.c.device, old.c.session, old.c.detected_at, old.c.filled_at, old.c.seq
    )
    _copy(source, ranges, _ranges)
    op.drop_index("ix_seq_gaps_device_session_seq", table_name="seq_gaps")
    op.drop_table("seq_gaps")


def downgrade() -> None:
    numbers = op.create_table(
        "seq_gaps",
        sa.Column("id", AUTO_ID, autoincrement=True, nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("session", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.BigInteger(), nullable=False),
        sa.Column("filled_at", sa.BigInteger()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seq_gaps")),
    )
    op.create_index("ix_seq_gaps_device_session_seq", "seq_gaps", ["device", "session", "seq"])
    new = sa.table(
        "seq_gap_ranges",
        *(
            sa.column(c)
            for c in ("id", "device", "session", "first_seq", "last_seq", "detected_at", "filled_at")
        ),
    )

    def expand(rows: Iterator[Any]) -> Iterator[dict[str, Any]]:
        for device, session, first, last, detected, filled in rows:
            for seq in range(first, min(last, first + _WIRE_SEQ_LIMIT - 1) + 1):
                yield {"device": device, "session": session, "seq": seq, "detected_at": detected,
                       "filled_at": filled}  # fmt: skip

    source = sa.select(
        new.c.device, new.c.session, new.c.first_seq, new.c.last_seq, new.c.detected_at, new.c.filled_at
    ).order_by(new.c.id)
    _copy(source, numbers, expand)
    op.drop_index("ix_seq_gap_ranges_device_session_first", table_name="seq_gap_ranges")
    op.drop_table("seq_gap_ranges")
