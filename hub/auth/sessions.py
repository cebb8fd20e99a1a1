"""Citizen sessions after a card login: bound to one device, ended by card removal, logout or idle timeout."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from hub.auth.verify import CardIdentity

DEFAULT_IDLE_SECONDS = 180.0


class EndReason(StrEnum):
    CARD_REMOVED = "card_removed"
    LOGOUT = "logout"
    IDLE_TIMEOUT = "idle_timeout"
    REPLACED = "replaced"  # a new login on the same device
    READER_UNAVAILABLE = "reader_unavailable"
    AGENT_STOPPED = "agent_stopped"


class SessionInvalid(Exception):
    """The session id is unknown, ended, idle too long, or presented by another device."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"no valid citizen session ({reason})")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CitizenSession:
    id: str
    device: str
    identity: CardIdentity
    opened_at: float
    last_seen: float


@dataclass(frozen=True, slots=True)
class EndedSession:
    session: CitizenSession
    reason: EndReason
    at: float


class CitizenSessions:
    """In-memory sessions of one hub process; ``clock`` in seconds (monotonic). At most one per device."""

    def __init__(
        self,
        clock: Callable[[], float],
        idle_timeout: float = DEFAULT_IDLE_SECONDS,
        on_end: Callable[[EndedSession], None] | None = None,
    ) -> None:
        if idle_timeout <= 0:
            raise ValueError("idle_timeout must be positive")
        self._clock = clock
        self.idle_timeout = idle_timeout
        self._on_end = on_end
        self._by_id: dict[str, CitizenSession] = {}
        self._lock = threading.Lock()

    def open(self, device: str, identity: CardIdentity) -> CitizenSession:
        now = self._clock()
        session = CitizenSession(secrets.token_urlsafe(24), device, identity, now, now)
        with self._lock:
            previous = [s for s in self._by_id.values() if s.device == device]
            for old in previous:
                del self._by_id[old.id]
            self._by_id[session.id] = session
        for old in previous:
            self._ended(old, EndReason.REPLACED, now)
        return session

    def get(self, session_id: str, device: str) -> CitizenSession:
        """The live session, touched (idle clock restarts); SessionInvalid otherwise."""
        self.expire_idle()
        now = self._clock()
        with self._lock:
            session = self._by_id.get(session_id)
            if session is None:
                raise SessionInvalid("unknown or ended")
            if session.device != device:
                raise SessionInvalid("bound to another device")
            session = replace(session, last_seen=now)
            self._by_id[session_id] = session
        return session

    def end(self, session_id: str, device: str, reason: EndReason) -> EndedSession | None:
        """End one session of ``device``; None if it is already gone (ending twice is harmless)."""
        with self._lock:
            session = self._by_id.get(session_id)
            if session is None or session.device != device:
                return None
            del self._by_id[session_id]
        return self._ended(session, reason, self._clock())

    def end_device(self, device: str, reason: EndReason) -> list[EndedSession]:
        with self._lock:
            sessions = [s for s in self._by_id.values() if s.device == device]
            for s in sessions:
                del self._by_id[s.id]
        now = self._clock()
        return [self._ended(s, reason, now) for s in sessions]

    def expire_idle(self) -> list[EndedSession]:
        now = self._clock()
        with self._lock:
            idle = [s for s in self._by_id.values() if now - s.last_seen > self.idle_timeout]
            for s in idle:
                del self._by_id[s.id]
        return [self._ended(s, EndReason.IDLE_TIMEOUT, now) for s in idle]

    def active(self) -> list[CitizenSession]:
        with self._lock:
            return list(self._by_id.values())

    def _ended(self, session: CitizenSession, reason: EndReason, now: float) -> EndedSession:
        ended = EndedSession(session, reason, now)
        if self._on_end is not None:
            self._on_end(ended)
        return ended
