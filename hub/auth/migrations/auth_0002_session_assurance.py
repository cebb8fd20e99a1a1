"""auth: citizen sessions carry their assurance (card or light) and, for light ones, a keyed subject hash

Revision ID: auth_0002
Revises: auth_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "auth_0002"
down_revision: str | Sequence[str] | None = "auth_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("citizen_sessions") as batch:
        batch.add_column(sa.Column("assurance", sa.Integer(), nullable=False, server_default="2"))
        batch.add_column(sa.Column("subject_key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("citizen_sessions") as batch:
        batch.drop_column("subject_key")
        batch.drop_column("assurance")
