"""HTTP card login on both databases: challenge, token → 200 session or 401 reason, logout; 503 when off."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from hub.api.app import create_app
from hub.auth.models import CitizenSessionRow
from hub.core.config import load_settings
from onestop.dev.fixtures import DevPkiFiles
from wire.payloads.auth import signed_data


@pytest.fixture
def client(hub_engine: Engine, db_url: str, dev_pki: DevPkiFiles) -> Iterator[TestClient]:
    settings = load_settings(
        db_url=db_url, trust_anchors=str(dev_pki.files["trust_anchors"]), crl=str(dev_pki.files["crl"])
    )
    with TestClient(create_app(settings, engine=hub_engine)) as c:
        yield c


def token(
    client: TestClient, pki: DevPkiFiles, label: str = "valid", origin: str = "kiosk-001"
) -> dict[str, str]:
    reply = client.post("/api/v1/auth/challenge", json={"origin": origin})
    assert reply.status_code == 200, reply.text
    nonce = reply.json()["nonce"]
    card = pki.pki.cards[label]
    signature = card.key.sign(signed_data(origin, nonce), padding.PKCS1v15(), hashes.SHA256())
    return {
        "format": "onestop-card:1",
        "certificate": base64.b64encode(card.cert.public_bytes(serialization.Encoding.DER)).decode(),
        "algorithm": "RS256",
        "signature": base64.b64encode(signature).decode(),
        "nonce": nonce,
        "origin": origin,
    }


def test_login_gives_a_session_then_a_replay_is_refused(
    client: TestClient, dev_pki: DevPkiFiles, hub_engine: Engine
) -> None:
    body = token(client, dev_pki)
    reply = client.post("/api/v1/auth/card", json=body)
    assert reply.status_code == 200, reply.text
    out = reply.json()
    assert out["holder_name"] == "王小明" and out["id_last4"] == "6789" and len(out["session"]) >= 16
    again = client.post("/api/v1/auth/card", json=body)
    assert again.status_code == 401 and again.json()["reason"] == "nonce_replayed"
    with hub_engine.connect() as conn:
        rows = conn.execute(select(CitizenSessionRow.device, CitizenSessionRow.id_last4)).all()
    assert rows == [("kiosk-001", "6789")]
    assert client.post(
        "/api/v1/auth/logout", json={"session": out["session"], "origin": "kiosk-001"}
    ).json() == {"ended": True}


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("revoked", "certificate_revoked"),
        ("expired", "certificate_expired"),
        ("unknown-ca", "certificate_untrusted"),
    ],
)
def test_bad_cards_get_401_with_their_reason(
    client: TestClient, dev_pki: DevPkiFiles, label: str, reason: str
) -> None:
    reply = client.post("/api/v1/auth/card", json=token(client, dev_pki, label))
    assert reply.status_code == 401 and reply.json()["reason"] == reason


def test_a_refused_token_still_spends_its_nonce(client: TestClient, dev_pki: DevPkiFiles) -> None:
    body = token(client, dev_pki, "revoked")
    assert client.post("/api/v1/auth/card", json=body).json()["reason"] == "certificate_revoked"
    assert client.post("/api/v1/auth/card", json=body).json()["reason"] == "nonce_replayed"


def test_bad_requests_are_4xx(client: TestClient, dev_pki: DevPkiFiles) -> None:
    assert client.post("/api/v1/auth/challenge", json={"origin": "Not A Device!"}).status_code == 422
    body = token(client, dev_pki)
    body["extra"] = "x"
    assert client.post("/api/v1/auth/card", json=body).status_code == 422


def test_card_login_off_without_trust_anchors(hub_engine: Engine, db_url: str) -> None:
    with TestClient(create_app(load_settings(db_url=db_url), engine=hub_engine)) as c:
        reply = c.post("/api/v1/auth/challenge", json={"origin": "kiosk-001"})
    assert reply.status_code == 503 and "--trust-anchors" in reply.json()["detail"]
