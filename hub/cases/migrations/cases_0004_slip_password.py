"""cases: the password a citizen chose for printing a case's slip at a store (seed 004:665)

Revision ID: cases_0004
Revises: cases_0003
Create Date: 2026-12-04 22:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "cases_0004"
down_revision: str | Sequence[str] | None = "cases_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("slip_password_hash", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("slip_password_hash")
