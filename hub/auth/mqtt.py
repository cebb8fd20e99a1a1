"""MQTT side of card login: a kiosk's agent asks for a challenge, presents the token, reports the session end.

The device is always the envelope's (the broker's ACL makes a device speak only for itself), so a kiosk
can neither get a nonce for another device nor end another device's session.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.auth.reasons import AuthRefused
from hub.auth.runtime import AuthRuntime, CardLoginNotConfigured, current_runtime
from hub.auth.sessions import EndReason
from hub.auth.verify import CardToken
from hub.ingest.handlers import RequestRejected, on_event, on_request
from wire import Decoded, Payload
from wire.payloads.auth import CardLoginRequest, CardLoginResponse, ChallengeResponse, SessionEnd


def _runtime() -> AuthRuntime:
    runtime = current_runtime()
    if not runtime.configured:
        raise RequestRejected("card_login_not_configured", str(CardLoginNotConfigured()))
    return runtime


@on_request("auth.challenge")
def challenge(session: Session, msg: Decoded) -> Payload:
    runtime = _runtime()
    nonce = runtime.challenge(session, msg.envelope.device)
    return ChallengeResponse(nonce=nonce.value, expires_in_s=runtime.settings.auth_nonce_ttl_s)


@on_request("auth.card")
def card(session: Session, msg: Decoded) -> Payload:
    assert isinstance(msg.body, CardLoginRequest)
    token = CardToken.model_validate(msg.body.model_dump())
    try:
        opened = _runtime().login(session, token, msg.envelope.device)
    except AuthRefused as exc:
        return CardLoginResponse(refused=exc.reason.value, message=exc.message[:500])
    return CardLoginResponse(
        session=opened.token,
        holder_name=opened.identity.holder_name,
        id_last4=opened.identity.id_last4,
        idle_timeout_s=opened.idle_timeout_s,
    )


@on_event("auth.session_end")
def session_end(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, SessionEnd)
    current_runtime().end(session, msg.body.session, msg.envelope.device, EndReason(msg.body.reason))
