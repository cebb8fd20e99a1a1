"""enrolment: the parent's mobile for waiting-list notices (kiosk registration, issue 18 defect 9)

Revision ID: enrolment_0004
Revises: enrolment_0003
Create Date: 2026-12-04 22:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "enrolment_0004"
down_revision: str | Sequence[str] | None = "enrolment_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enrol_registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notify_phone", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrol_registrations", schema=None) as batch_op:
        batch_op.drop_column("notify_phone")
