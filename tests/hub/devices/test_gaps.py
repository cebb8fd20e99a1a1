"""Seq gaps are ranges (issue 13, Medium 7): a jump of any size is one row, a late number splits its range,
and reading code (counts) sees missing numbers, not rows. Both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.devices import gaps
from hub.devices.models import SeqGap

JUMP = 2**31


def _rows(sessions: sessionmaker[Session]) -> list[tuple[int, int, bool]]:
    with sessions() as session:
        found = session.execute(
            select(SeqGap.first_seq, SeqGap.last_seq, SeqGap.filled_at).order_by(SeqGap.first_seq)
        )
        return [(first, last, filled is not None) for first, last, filled in found]


def _open(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(gaps.missing_numbers()).where(SeqGap.filled_at.is_(None))) or 0)


def test_a_jump_of_2_31_is_one_row_and_filling_splits_it(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        gaps.record(session, [{"device": "k1", "session": 7, "first_seq": 1, "last_seq": JUMP,
                               "detected_at": 10}])  # fmt: skip
    assert _rows(sessions) == [(1, JUMP, False)] and _open(sessions) == JUMP
    with sessions() as session, session.begin():
        assert gaps.fill(session, "k1", 7, 1000, at=20)
    assert _rows(sessions) == [(1, 999, False), (1000, 1000, True), (1001, JUMP, False)]
    assert _open(sessions) == JUMP - 1
    with sessions() as session, session.begin():  # the edges of a range leave no empty range behind
        assert gaps.fill(session, "k1", 7, 1, at=30) and gaps.fill(session, "k1", 7, JUMP, at=30)
        assert gaps.fill(session, "k1", 7, 999, at=30)
    assert _rows(sessions) == [(1, 1, True), (2, 998, False), (999, 999, True), (1000, 1000, True),
                               (1001, JUMP - 1, False), (JUMP, JUMP, True)]  # fmt: skip
    assert _open(sessions) == JUMP - 4


def test_a_number_no_open_range_holds_changes_nothing(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        gaps.record(
            session, [{"device": "k1", "session": 7, "first_seq": 5, "last_seq": 5, "detected_at": 1}]
        )
        assert gaps.fill(session, "k1", 7, 5, at=2)
    before = _rows(sessions)
    with sessions() as session, session.begin():
        assert not gaps.fill(session, "k1", 7, 5, at=3)  # already filled
        assert not gaps.fill(session, "k1", 8, 5, at=3)  # another session
        assert not gaps.fill(session, "k2", 7, 5, at=3)  # another device
    assert _rows(sessions) == before == [(5, 5, True)]


def test_an_inverted_range_is_refused_and_nothing_is_written(sessions: sessionmaker[Session]) -> None:
    good = {"device": "k1", "session": 1, "first_seq": 0, "last_seq": 3, "detected_at": 1}
    with pytest.raises(ValueError, match="first <= last"), sessions() as session, session.begin():
        gaps.record(session, [good, good | {"first_seq": 9, "last_seq": 2}])
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SeqGap)) == 0
