"""The development PKI: chain, validity, key usage, CRL and the MOICA-like subject without the full ID."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from onestop.dev.fixtures import DevPkiFiles
from onestop.dev.pki import CARD_LABELS, KEY_BITS


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def test_every_card_is_rsa_2048_with_a_moica_like_subject_and_no_full_id(dev_pki: DevPkiFiles) -> None:
    for label, issued in dev_pki.pki.cards.items():
        citizen = dev_pki.pki.citizens[label]
        cert = issued.cert
        assert cert.public_key().key_size == KEY_BITS  # type: ignore[union-attr]
        serial = cert.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value
        assert serial == "000000000000" + citizen.national_id[-4:]
        assert cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == citizen.name
        der = cert.public_bytes(serialization.Encoding.DER)
        assert citizen.national_id.encode() not in der
        assert citizen.national_id[:6].encode() not in der


def test_chain_root_intermediate_citizen(dev_pki: DevPkiFiles) -> None:
    pki = dev_pki.pki
    assert _signed_by(pki.intermediate.cert, pki.root.cert)
    for label in ("valid", "valid2", "expired", "revoked", "wrong-usage"):
        assert _signed_by(pki.cards[label].cert, pki.intermediate.cert), label


def test_unknown_ca_card_has_the_same_issuer_name_but_another_key(dev_pki: DevPkiFiles) -> None:
    pki = dev_pki.pki
    rogue = pki.cards["unknown-ca"].cert
    assert rogue.issuer == pki.intermediate.cert.subject
    assert not _signed_by(rogue, pki.intermediate.cert)
    assert _signed_by(rogue, pki.rogue_intermediate.cert)


def test_validity_and_key_usage_per_label(dev_pki: DevPkiFiles) -> None:
    now = datetime.now(UTC)
    cards = dev_pki.pki.cards
    assert cards["expired"].cert.not_valid_after_utc < now
    assert cards["valid"].cert.not_valid_before_utc < now < cards["valid"].cert.not_valid_after_utc
    usage = cards["wrong-usage"].cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert not usage.digital_signature
    assert cards["valid"].cert.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature


def test_crl_is_signed_by_the_issuing_ca_and_lists_only_the_revoked_card(dev_pki: DevPkiFiles) -> None:
    crl = x509.load_pem_x509_crl(dev_pki.files["crl"].read_bytes())
    assert crl.is_signature_valid(dev_pki.pki.intermediate.cert.public_key())  # type: ignore[arg-type]
    revoked = {r.serial_number for r in crl}
    assert revoked == {dev_pki.pki.cards["revoked"].cert.serial_number}


def test_files_written(dev_pki: DevPkiFiles) -> None:
    anchors = x509.load_pem_x509_certificates(dev_pki.files["trust_anchors"].read_bytes())
    assert [c.subject for c in anchors] == [
        dev_pki.pki.root.cert.subject,
        dev_pki.pki.intermediate.cert.subject,
    ]
    manifest = json.loads(dev_pki.files["citizens"].read_text(encoding="utf-8"))
    assert set(manifest["cards"]) == set(CARD_LABELS)
    valid = manifest["cards"]["valid"]
    cert = x509.load_der_x509_certificate((dev_pki.dir / valid["cert"]).read_bytes())
    key = serialization.load_pem_private_key((dev_pki.dir / valid["key"]).read_bytes(), None)
    signature = key.sign(b"x", padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr,call-arg]
    cert.public_key().verify(signature, b"x", padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr,call-arg]
    assert (dev_pki.dir / valid["key"]).stat().st_mode & 0o077 == 0


def test_default_pin_is_the_roc_birthday(dev_pki: DevPkiFiles) -> None:
    citizen = dev_pki.pki.citizens["valid"]  # born 1985-03-15 = ROC 74/03/15
    assert citizen.pin == "0740315"
