"""Ratings fixtures: a runtime whose command link is a recorder (the seam to the broker), and a set-up office."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session, sessionmaker

from hub.ratings import service
from hub.ratings.runtime import RatingsRuntime
from hub.staff.accounts import create_user
from wire import Payload


class RecordingLink:
    """Stands in for HubLink at the MQTT seam: records what would be published."""

    def __init__(self) -> None:
        self.connected = True
        self.sent: list[tuple[str, str, Payload]] = []
        self._cv = threading.Condition()

    def send_command(self, site: str, device: str, body: Payload) -> str:
        with self._cv:
            self.sent.append((site, device, body))
            self._cv.notify_all()
        return f"{len(self.sent):032x}"

    def wait_for(self, n: int, timeout: float = 5.0) -> list[tuple[str, str, Payload]]:
        """What was sent once there are ``n`` commands, or after ``timeout`` (a negative check asks for n=1)."""
        with self._cv:
            self._cv.wait_for(lambda: len(self.sent) >= n, timeout)
            return list(self.sent)


@pytest.fixture
def link() -> RecordingLink:
    return RecordingLink()


@pytest.fixture
def runtime(link: RecordingLink) -> RatingsRuntime:
    rt = RatingsRuntime()
    rt.bind(link)
    return rt


@pytest.fixture
def office(sessions: sessionmaker[Session]) -> dict[str, str]:
    """tpe-xinyi with counters c01 (lin.counter) and c02 (wang.counter); the buzzer is keypad sup on agent sup-pc."""
    tokens = {}
    with sessions() as session, session.begin():
        for name, role in [
            ("lin.counter", "counter"),
            ("wang.counter", "counter"),
            ("chen.super", "supervisor"),
        ]:
            tokens[name] = create_user(session, name, role)
        service.configure_office(session, "tpe-xinyi", "信義區戶政事務所", "sup-pc", "sup")
        service.configure_counter(session, "tpe-xinyi", "c01", "counter-pc-01", "1號櫃檯", "lin.counter")
        service.configure_counter(session, "tpe-xinyi", "c02", "counter-pc-02", "2號櫃檯", "wang.counter")
    return tokens
