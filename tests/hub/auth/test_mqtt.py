"""MQTT handlers: the device is the envelope's, refusals are answers that commit the spent nonce."""

from __future__ import annotations

import base64
import time

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from sqlalchemy.orm import Session, sessionmaker

from hub.auth import mqtt
from hub.auth.runtime import runtime_for
from hub.auth.sessions import SessionInvalid
from hub.auth.store import SqlSessions
from hub.core.config import load_settings
from onestop.dev.fixtures import DevPkiFiles
from wire import Channel, Decoded, Payload, decode, encode, make_envelope, topics
from wire.payloads.auth import (
    CardLoginRequest,
    CardLoginResponse,
    ChallengeRequest,
    ChallengeResponse,
    SessionEnd,
    signed_data,
)


def _msg(body: Payload, device: str = "kiosk-001") -> Decoded:
    env = make_envelope(body, device=device, session=1, seq=1)
    return decode(
        topics.topic_for(
            "site-a", device, body.CHANNEL, body.TYPE if body.CHANNEL is not Channel.STATE else None
        ),
        encode(env),
    )


@pytest.fixture(autouse=True)
def _runtime(sqlite_url: str, dev_pki: DevPkiFiles) -> None:
    runtime_for(
        load_settings(
            db_url=sqlite_url,
            trust_anchors=str(dev_pki.files["trust_anchors"]),
            crl=str(dev_pki.files["crl"]),
        )
    )


def _login(
    sessions: sessionmaker[Session],
    pki: DevPkiFiles,
    label: str,
    signer: str = "kiosk-001",
    presenter: str = "kiosk-001",
) -> CardLoginResponse:
    with sessions() as s, s.begin():
        nonce = mqtt.challenge(s, _msg(ChallengeRequest(), signer))
    assert isinstance(nonce, ChallengeResponse)
    card = pki.pki.cards[label]
    body = CardLoginRequest(
        format="onestop-card:1",
        certificate=base64.b64encode(card.cert.public_bytes(serialization.Encoding.DER)).decode(),
        algorithm="RS256",
        signature=base64.b64encode(
            card.key.sign(signed_data(signer, nonce.nonce), padding.PKCS1v15(), hashes.SHA256())
        ).decode(),
        nonce=nonce.nonce,
        origin=signer,
    )
    with sessions() as s, s.begin():
        reply = mqtt.card(s, _msg(body, presenter))
    assert isinstance(reply, CardLoginResponse)
    return reply


def test_login_then_session_end_event(sessions: sessionmaker[Session], dev_pki: DevPkiFiles) -> None:
    reply = _login(sessions, dev_pki, "valid")
    assert reply.session and reply.id_last4 == "6789"
    with sessions() as s, s.begin():
        mqtt.session_end(s, _msg(SessionEnd(session=reply.session, reason="card_removed"), "kiosk-002"))
        assert SqlSessions(s, 180).is_open(reply.session)  # another device cannot end it
        mqtt.session_end(s, _msg(SessionEnd(session=reply.session, reason="card_removed")))
        assert not SqlSessions(s, 180).is_open(reply.session)


def test_refusal_is_an_answer_with_the_reason(sessions: sessionmaker[Session], dev_pki: DevPkiFiles) -> None:
    assert _login(sessions, dev_pki, "revoked").refused == "certificate_revoked"


def test_a_token_relayed_by_another_device_is_refused(
    sessions: sessionmaker[Session], dev_pki: DevPkiFiles
) -> None:
    assert (
        _login(sessions, dev_pki, "valid", signer="kiosk-001", presenter="kiosk-002").refused
        == "origin_mismatch"
    )


def test_nonce_of_another_device_and_expired_nonce_in_the_database(
    sessions: sessionmaker[Session], dev_pki: DevPkiFiles
) -> None:
    """GIVEN nonces stored in the hub database WHEN one is used by another device, or too late THEN refused."""
    with sessions() as s, s.begin():
        foreign = mqtt.challenge(s, _msg(ChallengeRequest(), "kiosk-002"))
    assert isinstance(foreign, ChallengeResponse)
    assert _present(sessions, dev_pki, foreign.nonce, "kiosk-001").refused == "nonce_other_device"
    runtime_for(
        load_settings(
            trust_anchors=str(dev_pki.files["trust_anchors"]),
            crl=str(dev_pki.files["crl"]),
            auth_nonce_ttl_s=0.05,
        )
    )
    with sessions() as s, s.begin():
        late = mqtt.challenge(s, _msg(ChallengeRequest()))
    assert isinstance(late, ChallengeResponse)
    time.sleep(0.1)
    assert _present(sessions, dev_pki, late.nonce, "kiosk-001").refused == "nonce_expired"


def test_idle_sessions_end_in_the_database(sessions: sessionmaker[Session], dev_pki: DevPkiFiles) -> None:
    reply = _login(sessions, dev_pki, "valid")
    assert reply.session
    time.sleep(0.1)
    with sessions() as s, s.begin():
        store = SqlSessions(s, idle_timeout_s=0.05)
        assert store.expire_idle() == 1
        assert not store.is_open(reply.session)
        with pytest.raises(SessionInvalid):
            store.get(reply.session, "kiosk-001")


def _present(sessions: sessionmaker[Session], pki: DevPkiFiles, nonce: str, device: str) -> CardLoginResponse:
    card = pki.pki.cards["valid"]
    body = CardLoginRequest(
        format="onestop-card:1",
        certificate=base64.b64encode(card.cert.public_bytes(serialization.Encoding.DER)).decode(),
        algorithm="RS256",
        signature=base64.b64encode(
            card.key.sign(signed_data(device, nonce), padding.PKCS1v15(), hashes.SHA256())
        ).decode(),
        nonce=nonce,
        origin=device,
    )
    with sessions() as s, s.begin():
        reply = mqtt.card(s, _msg(body, device))
    assert isinstance(reply, CardLoginResponse)
    return reply
