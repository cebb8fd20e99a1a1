"""Core tables: devices, events, dead letters, seq gaps, commands (the root of every feature's branch).

Revision ID: 0001_core
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_core"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("core",)
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
AUTO_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.String(63), nullable=False),
        sa.Column("site", sa.String(63), nullable=False),
        sa.Column("kind", sa.String(32)),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("session", sa.BigInteger()),
        sa.Column("last_seq", sa.Integer()),
        sa.Column("last_seen", sa.BigInteger()),
        sa.Column("birth_at", sa.BigInteger()),
        sa.Column("death_at", sa.BigInteger()),
        sa.Column("death_reason", sa.String(500)),
        sa.Column("agent_version", sa.String(32)),
        sa.Column("config_version", sa.Integer()),
        sa.Column("components", JSON),
        sa.Column("queued_at_birth", sa.Integer()),
        sa.Column("health", JSON),
        sa.Column("health_ts", sa.BigInteger()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
    )
    op.create_index(op.f("ix_devices_site"), "devices", ["site"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("site", sa.String(63), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("session", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("ts", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.Column("historical", sa.Boolean(), nullable=False),
        sa.Column("body", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_device_ts", "events", ["device", "ts"])
    op.create_index(op.f("ix_events_type"), "events", ["type"])

    op.create_table(
        "dead_letters",
        sa.Column("id", AUTO_ID, autoincrement=True, nullable=False),
        sa.Column("topic", sa.String(512), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("payload_prefix", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
    )
    op.create_index(op.f("ix_dead_letters_reason"), "dead_letters", ["reason"])
    op.create_index(op.f("ix_dead_letters_received_at"), "dead_letters", ["received_at"])

    op.create_table(
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

    op.create_table(
        "commands",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("site", sa.String(63), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("body", JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sent_at", sa.BigInteger(), nullable=False),
        sa.Column("acked_at", sa.BigInteger()),
        sa.Column("detail", sa.String(500)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commands")),
    )
    op.create_index(op.f("ix_commands_device"), "commands", ["device"])


def downgrade() -> None:
    for table in ("commands", "seq_gaps", "dead_letters", "events", "devices"):
        op.drop_table(table)
