"""auth: login nonces and citizen sessions

Revision ID: auth_0001
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "auth_0001"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("auth",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_nonces",
        sa.Column("nonce_hash", sa.String(64), nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("spent_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("nonce_hash", name=op.f("pk_auth_nonces")),
    )
    op.create_index("ix_auth_nonces_expires_at", "auth_nonces", ["expires_at"])
    op.create_table(
        "citizen_sessions",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("id_last4", sa.String(4), nullable=False),
        sa.Column("certificate_sha256", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.BigInteger(), nullable=False),
        sa.Column("last_seen", sa.BigInteger(), nullable=False),
        sa.Column("ended_at", sa.BigInteger(), nullable=True),
        sa.Column("end_reason", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_citizen_sessions")),
    )
    op.create_index("ix_citizen_sessions_device_ended_at", "citizen_sessions", ["device", "ended_at"])


def downgrade() -> None:
    op.drop_index("ix_citizen_sessions_device_ended_at", table_name="citizen_sessions")
    op.drop_table("citizen_sessions")
    op.drop_index("ix_auth_nonces_expires_at", table_name="auth_nonces")
    op.drop_table("auth_nonces")
