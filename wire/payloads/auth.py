"""Citizen card login between a kiosk's agent and the hub (Web eID-style challenge and token).

A kiosk asks ``auth.challenge`` (the hub binds the nonce to the envelope's device), its card signs
SHA-256(device id) ‖ SHA-256(nonce), and ``auth.card`` carries the token; the answer is a session or a
refusal with its reason code (e.g. ``certificate_revoked``). ``auth.session_end`` is a
durable event: card removed, logout, reader lost. No PIN and no full national ID is ever in these bodies;
the certificate holds the holder's name and only the last 4 digits of the ID.
"""

import hashlib
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from wire.enums import Channel
from wire.registry import Payload, payload

#: The ``format`` of a card login token, and its only signature algorithm (RSASSA-PKCS1-v1_5 with SHA-256).
TOKEN_FORMAT = "onestop-card:1"
ALGORITHM = "RS256"


def signed_data(origin: str, nonce: str) -> bytes:
    """What the card signs with RS256 (as Web eID): SHA-256(origin as UTF-8) ‖ SHA-256(nonce as UTF-8)."""
    return hashlib.sha256(origin.encode("utf-8")).digest() + hashlib.sha256(nonce.encode("utf-8")).digest()


Base64 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]*={0,2}$")]
SessionId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
END_REASONS = r"^(card_removed|logout|idle_timeout|reader_unavailable|agent_stopped)$"


@payload(Channel.REQUEST, "auth.challenge")
class ChallengeRequest(Payload):
    """Ask for a login nonce for this device (the origin is the envelope's device id)."""


@payload(Channel.RESPONSE, "auth.challenge")
class ChallengeResponse(Payload):
    nonce: Annotated[Base64, StringConstraints(min_length=44, max_length=128)]
    expires_in_s: Annotated[float, Field(gt=0, le=120)]


@payload(Channel.REQUEST, "auth.card")
class CardLoginRequest(Payload):
    """The authentication token; the same fields as ``POST /api/v1/auth/card``."""

    format: Annotated[str, StringConstraints(max_length=32)]
    certificate: Annotated[Base64, StringConstraints(max_length=16_000)]  # DER
    algorithm: Annotated[str, StringConstraints(max_length=16)]
    signature: Annotated[Base64, StringConstraints(max_length=2_000)]
    nonce: Annotated[str, StringConstraints(max_length=128)]
    origin: Annotated[str, StringConstraints(max_length=64)]


@payload(Channel.RESPONSE, "auth.card")
class CardLoginResponse(Payload):
    """Either the citizen session the hub opened for this device, or ``refused`` with the reason code.

    A refusal is a normal answer (not ``request.error``) so the hub commits the spent nonce with it.
    """

    session: SessionId | None = None
    holder_name: Annotated[str, StringConstraints(max_length=200)] = ""
    id_last4: Annotated[str, StringConstraints(pattern=r"^(\d{4})?$")] = ""
    idle_timeout_s: Annotated[float, Field(gt=0, le=86_400)] | None = None
    refused: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")] | None = None
    message: Annotated[str, StringConstraints(max_length=500)] = ""

    @model_validator(mode="after")
    def _one_outcome(self) -> "CardLoginResponse":
        if (self.session is None) == (self.refused is None):
            raise ValueError("exactly one of session and refused must be set")
        if self.session is not None and self.idle_timeout_s is None:
            raise ValueError("a session needs idle_timeout_s")
        return self


@payload(Channel.EVENT, "auth.session_end")
class SessionEnd(Payload):
    """The kiosk ended the citizen session (the hub ignores an id that is not this device's)."""

    session: SessionId
    reason: Annotated[str, StringConstraints(pattern=END_REASONS)]
