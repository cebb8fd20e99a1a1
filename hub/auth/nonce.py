"""Single-use login nonces (Web eID challenge): ≥ 256 random bits, short-lived, bound to one device."""

from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from hub.auth.reasons import AuthRefused, Reason

NONCE_BYTES = 32
MAX_TTL_SECONDS = 120.0
#: How long a used or expired nonce is remembered, so a late replay is named as such.
REMEMBER_SECONDS = 600.0
MAX_OUTSTANDING = 100_000


@dataclass(frozen=True, slots=True)
class Nonce:
    value: str  # base64 of NONCE_BYTES random bytes
    device: str
    expires_at: float


def new_nonce_value() -> str:
    return base64.b64encode(secrets.token_bytes(NONCE_BYTES)).decode("ascii")


def judge(nonce: Nonce | None, device: str, now: float) -> Nonce:
    """The verdict on a presented nonce that was not spent before (the caller has just spent it)."""
    if nonce is None:
        raise AuthRefused(Reason.NONCE_UNKNOWN, "the hub did not issue this challenge (or forgot it)")
    if now > nonce.expires_at:
        raise AuthRefused(Reason.NONCE_EXPIRED, "the challenge expired; ask for a new one")
    if nonce.device != device:
        raise AuthRefused(Reason.NONCE_OTHER_DEVICE, "the challenge was issued to another device")
    return nonce


class NonceChecker(Protocol):
    """Where nonces live: in memory (``NonceStore``) or in the hub database (``hub.auth.store``)."""

    def issue(self, device: str) -> Nonce: ...

    def consume(self, value: str, device: str) -> Nonce: ...


class NonceStore:
    """In-memory nonce issuer and checker (one hub process); ``clock`` returns seconds (monotonic)."""

    def __init__(self, clock: Callable[[], float], ttl: float = MAX_TTL_SECONDS) -> None:
        if not 0 < ttl <= MAX_TTL_SECONDS:
            raise ValueError(f"nonce lifetime must be 0 < ttl <= {MAX_TTL_SECONDS:.0f} s")
        self._clock = clock
        self.ttl = ttl
        self._live: dict[str, Nonce] = {}
        self._spent: dict[str, float] = {}  # value -> forget after
        self._lock = threading.Lock()

    def issue(self, device: str) -> Nonce:
        now = self._clock()
        nonce = Nonce(
            base64.b64encode(secrets.token_bytes(NONCE_BYTES)).decode("ascii"), device, now + self.ttl
        )
        with self._lock:
            self._prune(now)
            if len(self._live) >= MAX_OUTSTANDING:
                raise RuntimeError("too many outstanding login challenges; try again shortly")
            self._live[nonce.value] = nonce
        return nonce

    def consume(self, value: str, device: str) -> Nonce:
        """Use the nonce once. Any presentation spends it, even a refused one (as Web eID does)."""
        now = self._clock()
        with self._lock:
            if value in self._spent:
                raise AuthRefused(Reason.NONCE_REPLAYED, "this challenge was already used")
            nonce = self._live.pop(value, None)
            if nonce is not None:
                self._spent[value] = now + REMEMBER_SECONDS
        return judge(nonce, device, now)

    def _prune(self, now: float) -> None:
        """Forget nonces long past their expiry (kept a while so a late one is named "expired")."""
        for value in [v for v, n in self._live.items() if n.expires_at + REMEMBER_SECONDS < now]:
            del self._live[value]
        for value in [v for v, t in self._spent.items() if t < now]:
            del self._spent[value]
