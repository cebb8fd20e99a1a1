"""Search tokens for Chinese and English text (pure): CJK as overlapping character bigrams, Latin words whole.

Chinese has no spaces and most words are two characters (戶口, 名簿, 憑證), so both search engines index the
same bigram text: 「申請戶口名簿」 → ``申請 請戶 戶口 口名 名簿``. A query becomes the phrase of its bigrams, so
「戶口」 finds 「戶口名簿」 and 「戶口名簿」 finds only text containing it; a single character becomes a prefix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
MAX_QUERY = 40  # characters a citizen may search for


def normalise(text: str) -> str:
    """NFKC (full-width Latin and digits to ASCII), lower case; 臺 and 台 searched alike."""
    return unicodedata.normalize("NFKC", text).lower().replace("臺", "台")


def _cjk(char: str) -> bool:
    return bool(re.match(rf"[{_CJK}]", char))


def _run_tokens(run: str) -> list[str]:
    if not _cjk(run[0]):
        return [run]
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> str:
    """The indexed form of a text: space-separated tokens (bigrams for CJK runs, words otherwise)."""
    return " ".join(token for run in _RUN.findall(normalise(text)) for token in _run_tokens(run))


@dataclass(frozen=True, slots=True)
class Query:
    """A search: phrases (each a list of consecutive tokens) that must all occur; ``prefix`` on a lone
    character (it matches every bigram it starts)."""

    phrases: tuple[tuple[str, ...], ...]
    prefixes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.prefixes


def parse_query(text: str) -> Query:
    """Each run of the query is a phrase of its tokens; a single CJK character or a Latin word is a prefix."""
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    for run in _RUN.findall(normalise(text[:MAX_QUERY])):
        if len(run) == 1 or not _cjk(run[0]):
            prefixes.append(run)
        else:
            phrases.append(tuple(_run_tokens(run)))
    return Query(tuple(phrases), tuple(prefixes))


def fts5_match(query: Query) -> str:
    """The SQLite FTS5 MATCH expression: quoted phrases and prefix terms, all required."""
    parts = ['"' + " ".join(p) + '"' for p in query.phrases]
    parts += ['"' + p + '"*' for p in query.prefixes]
    return " AND ".join(parts)


def tsquery(query: Query) -> str:
    """The PostgreSQL ``to_tsquery('simple', …)`` text: phrases with <->, prefixes with :*, all required."""
    parts = ["(" + " <-> ".join(p) + ")" for p in query.phrases]
    parts += [p + ":*" for p in query.prefixes]
    return " & ".join(parts)
