"""counter: staff-edited follow-up tips

Revision ID: counter_0002
Revises: counter_0001
Create Date: 2026-12-04 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "counter_0002"
down_revision: str | Sequence[str] | None = "counter_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "counter_tip_lists",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_counter_tip_lists")),
    )


def downgrade() -> None:
    op.drop_table("counter_tip_lists")
