"""Citizen sessions: bound to their device, ended by removal, logout, idle timeout or a new login."""

from __future__ import annotations

import pytest

from hub.auth.sessions import CitizenSessions, EndedSession, EndReason, SessionInvalid
from hub.auth.verify import CardIdentity
from tests.hub.auth.conftest import Clock

WHO = CardIdentity("王小明", "6789", "ab" * 32, "CN=OneStop Dev MOICA")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ended() -> list[EndedSession]:
    return []


@pytest.fixture
def sessions(clock: Clock, ended: list[EndedSession]) -> CitizenSessions:
    return CitizenSessions(clock, idle_timeout=180, on_end=ended.append)


def test_session_is_bound_to_its_device(sessions: CitizenSessions) -> None:
    s = sessions.open("kiosk-001", WHO)
    assert sessions.get(s.id, "kiosk-001").identity == WHO
    with pytest.raises(SessionInvalid, match="another device"):
        sessions.get(s.id, "kiosk-002")
    assert sessions.end(s.id, "kiosk-002", EndReason.LOGOUT) is None  # another device cannot end it
    assert sessions.get(s.id, "kiosk-001")


def test_card_removal_ends_it_once(sessions: CitizenSessions, ended: list[EndedSession]) -> None:
    s = sessions.open("kiosk-001", WHO)
    assert sessions.end(s.id, "kiosk-001", EndReason.CARD_REMOVED) is not None
    assert sessions.end(s.id, "kiosk-001", EndReason.CARD_REMOVED) is None
    assert [e.reason for e in ended] == [EndReason.CARD_REMOVED]
    with pytest.raises(SessionInvalid):
        sessions.get(s.id, "kiosk-001")


def test_idle_timeout_and_touch(sessions: CitizenSessions, clock: Clock, ended: list[EndedSession]) -> None:
    s = sessions.open("kiosk-001", WHO)
    clock.t += 170
    sessions.get(s.id, "kiosk-001")  # activity restarts the idle clock
    clock.t += 170
    assert sessions.expire_idle() == []
    clock.t += 11
    assert [e.reason for e in sessions.expire_idle()] == [EndReason.IDLE_TIMEOUT]
    assert sessions.active() == []
    assert ended[0].session.id == s.id


def test_a_new_login_replaces_the_device_session(
    sessions: CitizenSessions, ended: list[EndedSession]
) -> None:
    first = sessions.open("kiosk-001", WHO)
    other = sessions.open("kiosk-002", WHO)
    second = sessions.open("kiosk-001", WHO)
    assert {s.id for s in sessions.active()} == {other.id, second.id}
    assert [(e.session.id, e.reason) for e in ended] == [(first.id, EndReason.REPLACED)]


def test_end_device(sessions: CitizenSessions) -> None:
    sessions.open("kiosk-001", WHO)
    assert [e.reason for e in sessions.end_device("kiosk-001", EndReason.READER_UNAVAILABLE)] == [
        EndReason.READER_UNAVAILABLE
    ]
    assert sessions.end_device("kiosk-001", EndReason.READER_UNAVAILABLE) == []
