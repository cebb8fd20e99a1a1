"""FAQ: search (FTS5 on SQLite, GIN full text on PostgreSQL, both over bigram tokens), categories, staff edits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from hub.faq.models import FaqEntry
from hub.faq.tokens import MAX_QUERY, fts5_match, index_tokens, parse_query, tsquery
from hub.staff.accounts import audit
from wire import now_ms

PAGE = 20
#: Hits are counted up to this many ("200+"): an exact count of a one-character search costs more than the page.
COUNT_CAP = 200
LIMITS = {"agency": 60, "category": 40, "service": 40, "question": 200, "answer": 4000}


class FaqError(ValueError):
    """Bad input for an entry or a search; ``field`` names what to fix."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


@dataclass(frozen=True, slots=True)
class Found:
    entries: list[FaqEntry]
    total: int


def _filters(category: str | None, agency: str | None) -> tuple[str, dict[str, Any]]:
    sql, params = "", {}
    if category:
        sql += " AND e.category = :category"
        params["category"] = category
    if agency:
        sql += " AND e.agency = :agency"
        params["agency"] = agency
    return sql, params


def search(session: Session, query: str, *, category: str | None = None, agency: str | None = None,
           limit: int = PAGE, offset: int = 0) -> Found:  # fmt: skip
    """Entries whose question or answer contains every word of ``query``: question hits first, then answer
    hits, each in entry order (no per-hit scoring, so the cost stays flat however many entries match)."""
    if len(query) > MAX_QUERY:
        raise FaqError("q", f"a search is at most {MAX_QUERY} characters")
    parsed = parse_query(query)
    if parsed.empty:
        return browse(session, category=category, agency=agency, limit=limit, offset=offset)
    where, params = _filters(category, agency)
    scope = f" AND rowid IN (SELECT e.id FROM faq_entries e WHERE 1=1{where})" if where else ""
    first = int(offset) + int(limit)  # each group needs at most this many, in entry order
    if session.get_bind().dialect.name == "sqlite":
        m = fts5_match(parsed)
        params |= {"m": m, "title": f"q_tokens : ({m})", "rest": f"({m}) NOT q_tokens : ({m})"}
        hits = (
            f"SELECT * FROM (SELECT rowid AS id, 0 AS grp FROM faq_fts WHERE faq_fts MATCH :title{scope} "
            f"ORDER BY rowid LIMIT {first}) UNION ALL SELECT * FROM (SELECT rowid AS id, 1 AS grp FROM faq_fts "
            f"WHERE faq_fts MATCH :rest{scope} ORDER BY rowid LIMIT {first})"
        )
        count = f"SELECT count(*) FROM (SELECT 1 FROM faq_fts WHERE faq_fts MATCH :m{scope} LIMIT {COUNT_CAP + 1})"
    else:
        params["q"] = tsquery(parsed)
        hits = (  # stored vectors (migration faq_0002): nothing is recomputed per row
            "SELECT e.id, CASE WHEN e.faq_fts_q @@ to_tsquery('simple', :q) THEN 0 ELSE 1 END "
            f"AS grp FROM faq_entries e WHERE e.faq_fts_all @@ to_tsquery('simple', :q){where}"
        )
        count = f"SELECT count(*) FROM ({hits} LIMIT {COUNT_CAP + 1}) AS c"
    total = int(session.execute(text(count), params).scalar_one())
    page = f"SELECT id FROM ({hits}) AS h ORDER BY grp, id LIMIT {int(limit)} OFFSET {int(offset)}"
    ids = [row[0] for row in session.execute(text(page), params)]
    by_id = {e.id: e for e in session.scalars(select(FaqEntry).where(FaqEntry.id.in_(ids)))} if ids else {}
    return Found([by_id[i] for i in ids], total)


def browse(session: Session, *, category: str | None = None, agency: str | None = None, limit: int = PAGE,
           offset: int = 0) -> Found:  # fmt: skip
    """Entries of a category and/or agency in order (the plain indexed look-up)."""
    query = select(FaqEntry)
    if category:
        query = query.where(FaqEntry.category == category)
    if agency:
        query = query.where(FaqEntry.agency == agency)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return Found(list(session.scalars(query.order_by(FaqEntry.id).limit(limit).offset(offset))), total)


def categories(session: Session) -> list[tuple[str, int]]:
    rows = session.execute(
        select(FaqEntry.category, func.count()).group_by(FaqEntry.category).order_by(FaqEntry.category)
    )
    return [(c, int(n)) for c, n in rows]


def agencies(session: Session) -> list[str]:
    return list(session.scalars(select(FaqEntry.agency).distinct().order_by(FaqEntry.agency)))


def check_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The editable fields trimmed and checked; FaqError naming the first bad one."""
    clean: dict[str, Any] = {}
    for field, limit in LIMITS.items():
        value = data.get(field)
        value = value.strip() if isinstance(value, str) else value
        if field == "service" and not value:
            clean[field] = None
            continue
        if not isinstance(value, str) or not value:
            raise FaqError(field, "is required")
        if len(value) > limit:
            raise FaqError(field, f"is longer than {limit} characters")
        if any(ord(c) < 32 and c not in "\n\t" for c in value):
            raise FaqError(field, "contains a control character")
        clean[field] = value
    return clean


def save(session: Session, data: dict[str, Any], actor: str, entry_id: int | None = None) -> FaqEntry:
    """Create or replace an entry (the search index follows: triggers on SQLite, an expression index on PG)."""
    clean = check_fields(data)
    entry = FaqEntry(source="staff") if entry_id is None else session.get(FaqEntry, entry_id)
    if entry is None:
        raise FaqError("id", f"no FAQ entry {entry_id}", 404)
    for field, value in clean.items():
        setattr(entry, field, value)
    entry.q_tokens, entry.a_tokens = index_tokens(entry.question), index_tokens(entry.answer)
    entry.updated_at, entry.updated_by = now_ms(), actor
    session.add(entry)
    session.flush()
    audit(session, actor, "faq.save", f"faq:{entry.id}", {"question": entry.question[:80]})
    return entry


def delete(session: Session, entry_id: int, actor: str) -> None:
    entry = session.get(FaqEntry, entry_id)
    if entry is None:
        raise FaqError("id", f"no FAQ entry {entry_id}", 404)
    audit(session, actor, "faq.delete", f"faq:{entry.id}", {"question": entry.question[:80]})
    session.delete(entry)
