"""provisioning: a device's rolled-back config version with its reason, and component health when applied

Revision ID: provisioning_0002
Revises: provisioning_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "provisioning_0002"
down_revision: str | Sequence[str] | None = "provisioning_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("device_configs") as batch:
        batch.add_column(sa.Column("applied_health", JSON, nullable=True))
        batch.add_column(sa.Column("rolled_back_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rollback_reason", sa.String(500), nullable=True))
        batch.add_column(sa.Column("rolled_back_at", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device_configs") as batch:
        batch.drop_column("rolled_back_at")
        batch.drop_column("rollback_reason")
        batch.drop_column("rolled_back_version")
        batch.drop_column("applied_health")
