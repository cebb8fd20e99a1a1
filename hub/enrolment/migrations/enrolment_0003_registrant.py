"""enrolment: the identification behind an online registration

Revision ID: enrolment_0003
Revises: enrolment_0002
Create Date: 2026-12-04 18:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "enrolment_0003"
down_revision: str | Sequence[str] | None = "enrolment_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enrol_registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registrant", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrol_registrations", schema=None) as batch_op:
        batch_op.drop_column("registrant")
