"""provisioning: claim codes, device credentials, desired/reported device configs

Revision ID: provisioning_0001
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "provisioning_0001"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("provisioning",)
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
AUTO_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "device_configs",
        sa.Column("device_id", sa.String(63), nullable=False),
        sa.Column("desired_version", sa.Integer(), nullable=False),
        sa.Column("desired", JSON, nullable=True),
        sa.Column("desired_at", sa.BigInteger(), nullable=True),
        sa.Column("reported_version", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_device_configs")),
    )
    op.create_table(
        "device_credentials",
        sa.Column("device_id", sa.String(63), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("site", sa.String(63), nullable=False),
        sa.Column("counter", sa.String(63), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_device_credentials")),
        sa.UniqueConstraint("username", name=op.f("uq_device_credentials_username")),
    )
    op.create_table(
        "provisioning_claims",
        sa.Column("id", AUTO_ID, autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(63), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("pickup_hash", sa.String(64), nullable=False),
        sa.Column("issued_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.BigInteger(), nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("site", sa.String(63), nullable=True),
        sa.Column("counter", sa.String(63), nullable=True),
        sa.Column("issued_password", sa.String(64), nullable=True),
        sa.Column("picked_up_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provisioning_claims")),
    )
    op.create_index("ix_provisioning_claims_device_issued", "provisioning_claims", ["device_id", "issued_at"])


def downgrade() -> None:
    op.drop_index("ix_provisioning_claims_device_issued", table_name="provisioning_claims")
    op.drop_table("provisioning_claims")
    op.drop_table("device_credentials")
    op.drop_table("device_configs")
