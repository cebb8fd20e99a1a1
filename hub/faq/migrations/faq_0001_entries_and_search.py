"""faq: entries, the search index (SQLite FTS5 / PostgreSQL GIN over bigram tokens), the seed's questions

Revision ID: faq_0001
Revises: 0001_core
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

revision: str = "faq_0001"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("faq",)
depends_on: str | Sequence[str] | None = None

SEED = Path(__file__).resolve().parent.parent / "faq.yaml"


def upgrade() -> None:
    table = op.create_table(
        "faq_entries",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("agency", sa.String(length=60), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=True),
        sa.Column("question", sa.String(length=200), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("q_tokens", sa.Text(), nullable=False),
        sa.Column("a_tokens", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entries")),
    )
    op.create_index("ix_faq_entries_category", "faq_entries", ["category"])
    op.create_index("ix_faq_entries_agency", "faq_entries", ["agency"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE faq_fts USING fts5(q_tokens, a_tokens, content='faq_entries', "
            "content_rowid='id')"
        )
        op.execute(
            "CREATE TRIGGER faq_fts_ai AFTER INSERT ON faq_entries BEGIN "
            "INSERT INTO faq_fts(rowid, q_tokens, a_tokens) VALUES (new.id, new.q_tokens, new.a_tokens); END"
        )
        op.execute(
            "CREATE TRIGGER faq_fts_ad AFTER DELETE ON faq_entries BEGIN "
            "INSERT INTO faq_fts(faq_fts, rowid, q_tokens, a_tokens) "
            "VALUES ('delete', old.id, old.q_tokens, old.a_tokens); END"
        )
        op.execute(
            "CREATE TRIGGER faq_fts_au AFTER UPDATE ON faq_entries BEGIN "
            "INSERT INTO faq_fts(faq_fts, rowid, q_tokens, a_tokens) "
            "VALUES ('delete', old.id, old.q_tokens, old.a_tokens); "
            "INSERT INTO faq_fts(rowid, q_tokens, a_tokens) VALUES (new.id, new.q_tokens, new.a_tokens); END"
        )
    else:
        op.execute(
            "CREATE INDEX faq_fts_gin ON faq_entries "
            "USING gin (to_tsvector('simple', q_tokens || ' ' || a_tokens))"
        )
    from hub.faq.tokens import index_tokens
    from wire import now_ms

    now = now_ms()
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    rows = [_row(e, index_tokens(e["question"]), index_tokens(e["answer"]), now) for e in seed]
    op.bulk_insert(table, rows)


def _row(e: dict, q_tokens: str, a_tokens: str, now: int) -> dict:  # type: ignore[type-arg]
    source = f"seed 004:{e['line']}" if "line" in e else "issue 17"
    return {"agency": e["agency"], "category": e["category"], "service": e.get("service"), "question": e["question"],
            "answer": e["answer"], "q_tokens": q_tokens, "a_tokens": a_tokens, "source": source,
            "updated_at": now, "updated_by": "seed"}  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE faq_fts")
    op.drop_table("faq_entries")
