"""A verifier over the dev PKI with controllable clocks, and a helper that makes tokens with the card keys."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from hub.auth.nonce import NonceStore
from hub.auth.revocation import CrlCache, RevocationChecker
from hub.auth.trust import TrustStore
from hub.auth.verify import CardToken, TokenVerifier
from onestop.dev.fixtures import DevPkiFiles
from wire.payloads.auth import signed_data


@dataclass
class Clock:
    t: float = 1000.0

    def __call__(self) -> float:
        return self.t


@dataclass
class Auth:
    verifier: TokenVerifier
    clock: Clock
    pki: DevPkiFiles
    wall: list[datetime]

    def token(self, label: str = "valid", device: str = "kiosk-001", nonce: str | None = None) -> CardToken:
        """A token signed with ``label``'s card key over a fresh nonce issued to ``device``."""
        nonce = nonce or self.verifier.challenge(device).value
        card = self.pki.pki.cards[label]
        signature = card.key.sign(signed_data(device, nonce), padding.PKCS1v15(), hashes.SHA256())
        return CardToken(
            format="onestop-card:1",
            certificate=base64.b64encode(card.cert.public_bytes(serialization.Encoding.DER)).decode(),
            algorithm="RS256",
            signature=base64.b64encode(signature).decode(),
            nonce=nonce,
            origin=device,
        )


@pytest.fixture
def auth(dev_pki: DevPkiFiles) -> Auth:
    trust = TrustStore.load(dev_pki.files["trust_anchors"])
    crl_path = dev_pki.files["crl"]
    revocation = RevocationChecker(CrlCache(crl_path.read_bytes, trust))
    clock = Clock()
    wall = [datetime.now(UTC)]
    verifier = TokenVerifier(trust, revocation, NonceStore(clock), lambda: wall[0])
    return Auth(verifier, clock, dev_pki, wall)
