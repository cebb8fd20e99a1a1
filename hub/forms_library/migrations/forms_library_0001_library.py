"""forms_library: categories, forms, versions, drafts, agents' reports; the shipped library (issue 15)

Revision ID: forms_library_0001
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "forms_library_0001"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("forms_library",)
depends_on: str | Sequence[str] | None = None

AUTO_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    categories = op.create_table(
        "form_categories",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_form_categories")),
    )
    forms = op.create_table(
        "library_forms",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_en", sa.String(200), nullable=False),
        sa.Column("source", sa.String(60), nullable=False),
        sa.ForeignKeyConstraint(
            ["category"], ["form_categories.code"], name=op.f("fk_library_forms_category_form_categories")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_library_forms")),
    )
    op.create_index(op.f("ix_library_forms_category"), "library_forms", ["category"])
    versions = op.create_table(
        "form_versions",
        sa.Column("id", AUTO_ID, autoincrement=True, nullable=False),
        sa.Column("form", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form"], ["library_forms.code"], name=op.f("fk_form_versions_form_library_forms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_versions")),
        sa.UniqueConstraint("form", "version", name="uq_form_versions_form_version"),
    )
    op.create_index(op.f("ix_form_versions_form"), "form_versions", ["form"])
    op.create_table(
        "form_drafts",
        sa.Column("id", AUTO_ID, autoincrement=True, nullable=False),
        sa.Column("form", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("effective", sa.String(10), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("uploaded_at", sa.BigInteger(), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["form"], ["library_forms.code"], name=op.f("fk_form_drafts_form_library_forms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_drafts")),
    )
    op.create_index(op.f("ix_form_drafts_form"), "form_drafts", ["form"])
    op.create_table(
        "agent_form_versions",
        sa.Column("device", sa.String(63), nullable=False),
        sa.Column("form", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("refused_version", sa.Integer(), nullable=True),
        sa.Column("refused_reason", sa.String(300), nullable=True),
        sa.Column("reported_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("device", "form", name=op.f("pk_agent_form_versions")),
    )
    from hub.forms_library.seed import SHIPPED_EFFECTIVE, sha256, shipped
    from wire import now_ms

    cats, seeded = shipped()
    now = now_ms()
    op.bulk_insert(categories, [{"code": c.code, "name": c.name, "name_en": c.name_en, "position": c.order}
                                for c in cats])  # fmt: skip
    op.bulk_insert(forms, [{"code": f.code, "category": f.category, "title": f.title, "title_en": f.title_en,
                            "source": f.source} for f in seeded])  # fmt: skip
    op.bulk_insert(versions, [{"form": f.code, "version": f.version, "effective": SHIPPED_EFFECTIVE,
                               "kind": "template", "sha256": sha256(f.template), "size": len(f.template),
                               "content": f.template, "note": "隨系統提供 shipped with the library",
                               "changed_by": "seed", "changed_at": now} for f in seeded])  # fmt: skip


def downgrade() -> None:
    for table in ("agent_form_versions", "form_drafts", "form_versions", "library_forms", "form_categories"):
        op.drop_table(table)
