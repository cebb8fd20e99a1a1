"""Facts between features: reactions run after the publisher commits, each in its own transaction, never on rollback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from hub.core.events import publish, react, reactions
from hub.db.session import make_engine


@dataclass(frozen=True, slots=True)
class Noted:
    word: str


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'events.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE words (word TEXT PRIMARY KEY)"))
    return sessionmaker(engine)


def _words(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as s:
        return [row[0] for row in s.execute(text("SELECT word FROM words ORDER BY word"))]


def test_a_reaction_sees_the_committed_fact_and_writes_in_its_own_transaction(
    sessions: sessionmaker[Session],
) -> None:
    seen: list[tuple[str, list[str]]] = []

    @react(Noted)
    def copy(session: Session, fact: Noted) -> None:
        rows = [r[0] for r in session.execute(text("SELECT word FROM words"))]
        seen.append((fact.word, rows))
        session.execute(text("INSERT INTO words VALUES (:w)"), {"w": fact.word + "-copy"})

    with sessions() as s, s.begin():
        s.execute(text("INSERT INTO words VALUES ('a')"))
        publish(s, Noted("a"))
        assert seen == []  # nothing before the commit
    assert seen == [("a", ["a"])]  # the reaction saw the publisher's committed row
    assert _words(sessions) == ["a", "a-copy"]
    assert copy in reactions(Noted)


def test_a_rolled_back_fact_reaches_nobody(sessions: sessionmaker[Session]) -> None:
    seen: list[str] = []
    react(Noted)(lambda _s, fact: seen.append(fact.word))
    with sessions() as s, s.begin():
        publish(s, Noted("never"))
        s.rollback()
    assert seen == []


def test_a_failing_reaction_is_rolled_back_alone_and_the_fact_stands(sessions: sessionmaker[Session]) -> None:
    @dataclass(frozen=True, slots=True)
    class Failing:
        word: str

    def broken(session: Session, fact: Failing) -> None:
        session.execute(text("INSERT INTO words VALUES ('half-done')"))
        raise RuntimeError("reaction bug")

    def fine(session: Session, fact: Failing) -> None:
        session.execute(text("INSERT INTO words VALUES (:w)"), {"w": fact.word + "-fine"})

    react(Failing)(broken)
    react(Failing)(fine)
    with sessions() as s, s.begin():
        s.execute(text("INSERT INTO words VALUES ('b')"))
        publish(s, Failing("b"))
    assert _words(sessions) == ["b", "b-fine"]
