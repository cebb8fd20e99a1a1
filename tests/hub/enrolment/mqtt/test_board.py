"""Kiosk requests: the live board in pages, a result by registration number and birth date, refusals."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from hub.enrolment.models import EnrolKindergarten
from hub.enrolment.mqtt import board
from hub.enrolment.rules.calendar import Channel, Phase, taichung_112
from hub.enrolment.rules.categories import Category
from hub.enrolment.rules.dates import TAIPEI
from hub.enrolment.rules.eligibility import Applicant
from hub.enrolment.service import EnrolmentService
from hub.enrolment.store import SqlRepository, load_kindergartens
from hub.ingest.handlers import RequestRejected, request_handler
from wire import Decoded, Payload, decode, encode, make_envelope, topics
from wire.payloads.enrolment import BoardRequest, BoardResponse, ResultRequest, ResultResponse


def _msg(body: Payload) -> Decoded:
    env = make_envelope(body, device="kiosk-001", session=1, seq=1)
    return decode(topics.topic_for("site-a", "kiosk-001", body.CHANNEL, body.TYPE), encode(env))


@pytest.fixture
def registered(sessions: sessionmaker[Session]) -> str:
    with sessions() as s, s.begin():
        for i in range(3):
            s.add(
                EnrolKindergarten(
                    code=f"K{i}", name_zh=f"幼{i}", name_en=f"K {i}", two_year_classes=1, mixed_classes=1
                )
            )
    with sessions() as s, s.begin():
        svc = EnrolmentService(taichung_112(), load_kindergartens(s), SqlRepository(s))
        child = Applicant(
            birth=date(2018, 1, 10), category=Category.GENERAL_RESIDENT, resident_since=date(2019, 1, 1)
        )
        reg = svc.register(
            "ref-1", child, "K1", Phase.ONE, Channel.ONLINE, datetime(2023, 4, 1, 12, tzinfo=TAIPEI)
        )
    return reg.number


def test_handlers_are_registered_for_their_types() -> None:
    assert request_handler("enrolment.board") is board.board
    assert request_handler("enrolment.result") is board.result


def test_board_for_one_kindergarten_and_in_pages(
    sessions: sessionmaker[Session], registered: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sessions() as s:
        one = board.board(s, _msg(BoardRequest(phase=1, kindergarten="K1")))
    assert isinstance(one, BoardResponse)
    mixed = next(r for r in one.rows if r.pool == "mixed")
    assert (mixed.places, mixed.registrations, mixed.vacancies) == (28, 1, None)
    monkeypatch.setattr(board, "PAGE", 2)
    with sessions() as s:
        first = board.board(s, _msg(BoardRequest(phase=1)))
        assert isinstance(first, BoardResponse) and first.more and len(first.rows) == 4
        rest = board.board(s, _msg(BoardRequest(phase=1, after=first.rows[-1].kindergarten)))
    assert (
        isinstance(rest, BoardResponse)
        and not rest.more
        and [r.kindergarten for r in rest.rows] == ["K2", "K2"]
    )


def test_result_by_number_and_birth_in_either_calendar(
    sessions: sessionmaker[Session], registered: str
) -> None:
    for birth in ("2018-01-10", "107-01-10"):
        with sessions() as s:
            got = board.result(s, _msg(ResultRequest(number=registered, birth=birth)))
        assert isinstance(got, ResultResponse) and got.status == "registered" and got.kindergarten == "K1"


@pytest.mark.parametrize(("birth", "code"), [("2018-01-11", "not_found"), ("someday", "invalid_date")])
def test_result_refusals(sessions: sessionmaker[Session], registered: str, birth: str, code: str) -> None:
    with sessions() as s, pytest.raises(RequestRejected) as err:
        board.result(s, _msg(ResultRequest(number=registered, birth=birth)))
    assert err.value.code == code
