"""Trust-anchor files and the CRL cache: bad configuration fails at start-up; stale data fails closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from hub.auth.revocation import CrlCache, RevocationChecker, RevocationError, RevocationStatus
from hub.auth.trust import TrustConfigError, TrustStore
from onestop.dev.fixtures import DevPkiFiles
from onestop.dev.pki import make_crl


def _pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def test_trust_store_splits_anchors_and_intermediates(dev_pki: DevPkiFiles) -> None:
    store = TrustStore.load(dev_pki.files["trust_anchors"])
    assert store.anchors == [dev_pki.pki.root.cert]
    assert store.intermediates == [dev_pki.pki.intermediate.cert]
    chain = store.chain(dev_pki.pki.cards["valid"].cert, datetime.now(UTC))
    assert chain == [dev_pki.pki.cards["valid"].cert, dev_pki.pki.intermediate.cert, dev_pki.pki.root.cert]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("intermediate_only", "no self-signed root"),
        ("foreign_intermediate", "does not chain to a root"),
        ("leaf", "is not a CA certificate"),
        ("garbage", "not a PEM file"),
    ],
)
def test_bad_trust_files_are_refused_at_start(
    dev_pki: DevPkiFiles, tmp_path: Path, content: str, message: str
) -> None:
    pki = dev_pki.pki
    data = {
        "intermediate_only": _pem(pki.intermediate.cert),
        "foreign_intermediate": _pem(pki.root.cert, pki.rogue_intermediate.cert),
        "leaf": _pem(pki.root.cert, pki.cards["valid"].cert),
        "garbage": b"hello",
    }[content]
    path = tmp_path / "anchors.pem"
    path.write_bytes(data)
    with pytest.raises(TrustConfigError, match=message) as err:
        TrustStore.load(path)
    assert str(path) in str(err.value)


def test_missing_trust_file(tmp_path: Path) -> None:
    with pytest.raises(TrustConfigError, match="cannot be read"):
        TrustStore.load(tmp_path / "nope.pem")


class Source:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reads = 0

    def __call__(self) -> bytes:
        self.reads += 1
        if isinstance(self.data, Exception):
            raise self.data
        return self.data


def test_crl_is_refreshed_on_schedule_and_a_new_revocation_takes_effect(dev_pki: DevPkiFiles) -> None:
    pki = dev_pki.pki
    trust = TrustStore.load(dev_pki.files["trust_anchors"])
    now = datetime.now(UTC)
    source = Source(pki.crl.public_bytes(serialization.Encoding.DER))
    cache = CrlCache(source, trust, refresh_interval=timedelta(minutes=10))
    valid = pki.cards["valid"].cert
    assert cache.status(valid, pki.intermediate.cert, now) is RevocationStatus.GOOD
    assert cache.status(valid, pki.intermediate.cert, now + timedelta(minutes=5)) is RevocationStatus.GOOD
    assert source.reads == 1  # cached
    newer = make_crl(pki.intermediate, [valid.serial_number], now, now + timedelta(days=7))
    source.data = newer.public_bytes(serialization.Encoding.PEM)
    assert cache.status(valid, pki.intermediate.cert, now + timedelta(minutes=11)) is RevocationStatus.REVOKED
    assert source.reads == 2


def test_failed_refresh_keeps_the_old_crl_until_its_next_update(dev_pki: DevPkiFiles) -> None:
    pki = dev_pki.pki
    trust = TrustStore.load(dev_pki.files["trust_anchors"])
    now = datetime.now(UTC)
    source = Source(dev_pki.files["crl"].read_bytes())
    cache = CrlCache(source, trust, refresh_interval=timedelta(hours=1))
    revoked = pki.cards["revoked"].cert
    assert cache.status(revoked, pki.intermediate.cert, now) is RevocationStatus.REVOKED
    source.data = OSError("disk gone")  # type: ignore[assignment]
    later = now + timedelta(hours=2)
    assert cache.status(revoked, pki.intermediate.cert, later) is RevocationStatus.REVOKED
    assert cache.last_error and "disk gone" in cache.last_error
    assert cache.status(revoked, pki.intermediate.cert, now + timedelta(days=8)) is RevocationStatus.STALE


def test_a_crl_signed_by_an_untrusted_ca_is_refused(dev_pki: DevPkiFiles) -> None:
    pki = dev_pki.pki
    trust = TrustStore.load(dev_pki.files["trust_anchors"])
    now = datetime.now(UTC)
    forged = make_crl(pki.rogue_intermediate, [], now, now + timedelta(days=7))  # same issuer name, other key
    cache = CrlCache(Source(forged.public_bytes(serialization.Encoding.PEM)), trust)
    with pytest.raises(RevocationError, match="not signed by a trusted CA"):
        cache.refresh(now)
    assert cache.status(pki.cards["valid"].cert, pki.intermediate.cert, now) is RevocationStatus.UNKNOWN


class FakeOcsp:
    def __init__(self, answer: RevocationStatus | None) -> None:
        self.answer = answer
        self.asked = 0

    def check(self, cert: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus | None:
        self.asked += 1
        return self.answer


def test_ocsp_and_crl_either_can_revoke_and_the_crl_decides_when_ocsp_cannot(dev_pki: DevPkiFiles) -> None:
    pki = dev_pki.pki
    trust = TrustStore.load(dev_pki.files["trust_anchors"])
    now = datetime.now(UTC)
    crls = CrlCache(Source(dev_pki.files["crl"].read_bytes()), trust)
    valid = pki.cards["valid"].cert
    ocsp = FakeOcsp(RevocationStatus.REVOKED)
    assert RevocationChecker(crls, ocsp).status(valid, pki.intermediate.cert, now) is RevocationStatus.REVOKED
    ocsp.answer = None
    assert RevocationChecker(crls, ocsp).status(valid, pki.intermediate.cert, now) is RevocationStatus.GOOD
    assert ocsp.asked == 2
    revoked = pki.cards["revoked"].cert
    ocsp.answer = RevocationStatus.GOOD  # a lagging responder does not undo the CRL
    assert (
        RevocationChecker(crls, ocsp).status(revoked, pki.intermediate.cert, now) is RevocationStatus.REVOKED
    )
    later = now + timedelta(days=8)  # CRL past its nextUpdate: a fresh OCSP "good" still lets the card in
    assert RevocationChecker(crls, ocsp).status(valid, pki.intermediate.cert, later) is RevocationStatus.GOOD
    ocsp.answer = None
    assert RevocationChecker(crls, ocsp).status(valid, pki.intermediate.cert, later) is RevocationStatus.STALE
    with pytest.raises(ValueError, match="cannot be skipped"):
        RevocationChecker(None, None)
