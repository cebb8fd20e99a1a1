"""``enrolment.register`` handler in process: refusals with reasons, and an unexpected failure that carries the
ID in its message still answers ``internal`` without the ID reaching a log line."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.enrolment.models import EnrolKindergarten, EnrolRegistration
from hub.enrolment.mqtt import register
from hub.enrolment.rules.dates import TAIPEI
from hub.ingest.handlers import RequestRejected
from tests.hub.enrolment.mqtt.test_register_mosquitto import valid_id
from wire import Channel, Decoded, decode, encode, make_envelope, topics
from wire.payloads.enrolment import RegisterRequest, RegisterResponse

CHILD = valid_id("B20000000")


def _msg(body: RegisterRequest) -> Decoded:
    env = make_envelope(body, device="kiosk-001", session=1, seq=1)
    return decode(topics.topic_for("s1", "kiosk-001", Channel.REQUEST, body.TYPE), encode(env))


@pytest.fixture(autouse=True)
def kindergarten(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    with sessions() as s, s.begin():
        s.add(
            EnrolKindergarten(code="K1", name_zh="甲幼", name_en="K One", two_year_classes=1, mixed_classes=1)
        )
    monkeypatch.setattr(register, "CLOCK", [lambda: datetime(2023, 4, 1, 12, tzinfo=TAIPEI)])


def _register(sessions: sessionmaker[Session], **fields: object) -> RegisterResponse:
    body = RegisterRequest(**{"kindergarten": "K1", "national_id": CHILD, "birth": "2018-01-10",
                              "resident_since": "2019-01-01", **fields})  # type: ignore[arg-type]  # fmt: skip
    with sessions() as s, s.begin():
        reply = register.register(s, _msg(body))
    assert isinstance(reply, RegisterResponse)
    return reply


def _count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(EnrolRegistration)) or 0)


@pytest.mark.parametrize(
    ("fields", "code", "reason"),
    [
        ({"kindergarten": "NOPE"}, "not_eligible", "no kindergarten"),
        ({"birth": "someday"}, "invalid_date", ""),
        ({"category": "vip"}, "invalid_category", "No such category"),
        ({"national_id": "B2000000"}, "invalid_id", "check digit"),
        ({"citizen_session": "forged"}, "card_session_invalid", "log in again"),
        ({"has_priority_card": True, "category": "na_low_income"}, "card_required", "citizen card"),
    ],
)
def test_refusals_say_why_and_store_nothing(
    sessions: sessionmaker[Session], fields: dict[str, object], code: str, reason: str
) -> None:
    with pytest.raises(RequestRejected) as err:
        _register(sessions, **fields)
    assert err.value.code == code and reason in err.value.message
    assert CHILD not in err.value.message and _count(sessions) == 0


def test_after_the_window_closes_registration_is_refused(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register, "CLOCK", [lambda: datetime(2023, 9, 1, 12, tzinfo=TAIPEI)])
    with pytest.raises(RequestRejected) as err:
        _register(sessions)
    assert err.value.code == "registration_closed" and "登記" in err.value.message and _count(sessions) == 0


def test_an_unexpected_failure_answers_internal_and_logs_no_id(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN a fault deep inside whose message holds the ID WHEN a kiosk registers THEN the kiosk gets
    ``internal`` (a RequestRejected: no dead letter with the body) and the log names only the fault's type."""

    def broken(*_args: object) -> None:
        raise RuntimeError(f"database hiccup for {CHILD}")

    monkeypatch.setattr(register, "load_kindergartens", broken)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RequestRejected) as err:
        _register(sessions)
    assert err.value.code == "internal" and CHILD not in err.value.message
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "RuntimeError" in logged and CHILD not in logged


def test_light_identification_answers_with_the_masked_id(sessions: sessionmaker[Session]) -> None:
    reply = _register(sessions, national_id=f"  {CHILD.lower()} ")
    assert reply.child == "******" + CHILD[-4:] and reply.identified == "light" and _count(sessions) == 1


def test_the_parents_phone_is_kept_for_waiting_list_notices_and_never_echoed(
    sessions: sessionmaker[Session],
) -> None:
    """GIVEN a kiosk registration with the parent's mobile (issue 18, defect 9) THEN the registration keeps it
    for the waiting-list notice, the answer does not carry it; one without a phone keeps none."""
    reply = _register(sessions, phone="0912345678")
    assert "0912345678" not in reply.model_dump_json()
    with sessions() as s:
        row = s.scalars(select(EnrolRegistration).where(EnrolRegistration.number == reply.number)).one()
        assert row.notify_phone == "0912345678"
    other = _register(sessions, national_id=valid_id("B20000001"))
    with sessions() as s:
        row = s.scalars(select(EnrolRegistration).where(EnrolRegistration.number == other.number)).one()
        assert row.notify_phone is None


def test_a_malformed_phone_is_refused_by_the_contract() -> None:
    with pytest.raises(ValueError, match="phone"):
        RegisterRequest(kindergarten="K1", national_id=CHILD, birth="2018-01-10", phone="12345")
