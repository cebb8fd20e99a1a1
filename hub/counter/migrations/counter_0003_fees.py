"""counter: fees at every counter — receipts, voids, cash counts, locked days

Revision ID: counter_0003
Revises: counter_0002
Create Date: 2026-12-04 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "counter_0003"
down_revision: str | Sequence[str] | None = "counter_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
AUTO_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "fee_receipt_series",
        sa.Column("office", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office", "year", name=op.f("pk_fee_receipt_series")),
    )
    op.create_table(
        "fee_receipts",
        sa.Column("id", AUTO_ID, autoincrement=True, nullable=False),
        sa.Column("number", sa.String(24), nullable=False),
        sa.Column("office", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.BigInteger(), nullable=False),
        sa.Column("cashier", sa.String(64), nullable=False),
        sa.Column("cashier_name", sa.String(100), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("payer", sa.String(100), nullable=False),
        sa.Column("case_no", sa.String(32), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("lines", JSON, nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_receipts")),
        sa.UniqueConstraint("number", name=op.f("uq_fee_receipts_number")),
        sa.UniqueConstraint("office", "year", "serial", name="uq_fee_receipts_series"),
    )
    op.create_index("ix_fee_receipts_day", "fee_receipts", ["office", "day"])
    op.create_index(op.f("ix_fee_receipts_case_no"), "fee_receipts", ["case_no"])
    op.create_table(
        "fee_voids",
        sa.Column("receipt_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["fee_receipts.id"], name=op.f("fk_fee_voids_receipt_id_fee_receipts")
        ),
        sa.PrimaryKeyConstraint("receipt_id", name=op.f("pk_fee_voids")),
    )
    op.create_table(
        "fee_cash_counts",
        sa.Column("office", sa.String(10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cashier", sa.String(64), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("office", "day", "cashier", name=op.f("pk_fee_cash_counts")),
    )
    op.create_table(
        "fee_day_locks",
        sa.Column("office", sa.String(10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("summary", JSON, nullable=False),
        sa.PrimaryKeyConstraint("office", "day", name=op.f("pk_fee_day_locks")),
    )


def downgrade() -> None:
    op.drop_table("fee_day_locks")
    op.drop_table("fee_cash_counts")
    op.drop_table("fee_voids")
    op.drop_index(op.f("ix_fee_receipts_case_no"), table_name="fee_receipts")
    op.drop_index("ix_fee_receipts_day", table_name="fee_receipts")
    op.drop_table("fee_receipts")
    op.drop_table("fee_receipt_series")
