"""A development PKI for card login: root CA, issuing CA, MOICA-like citizen certificates and a CRL.

Everything here is test material: the names say so, the keys are written unencrypted and the citizens'
PINs sit in ``citizens.json``. The certificates follow the shape of the MOICA (自然人憑證) card: RSA-2048,
``C=TW``, the holder's name as CN and a 16-digit ``serialNumber`` whose last 4 digits are the last 4 of
the national ID. The full national ID is never in a certificate (it is only in the manifest, so tests can
prove it never leaks).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_BITS = 2048
#: Labels of the citizen cards ``build_dev_pki`` issues, and what each is for.
CARD_LABELS: dict[str, str] = {
    "valid": "a good card: trusted chain, in its validity period, not revoked",
    "valid2": "a second good card (another citizen)",
    "expired": "validity period ended yesterday",
    "revoked": "listed on the issuing CA's CRL",
    "wrong-usage": "key usage lacks digitalSignature (an encryption-only certificate)",
    "unknown-ca": "issued by a look-alike CA (same names, other keys) that is not a trust anchor",
}


@dataclass(frozen=True, slots=True)
class Citizen:
    """A test card holder; ``pin`` is the default MOICA PIN, the ROC birthday as YYYMMDD."""

    name: str
    national_id: str
    birth_date: date

    @property
    def id_last4(self) -> str:
        return self.national_id[-4:]

    @property
    def pin(self) -> str:
        d = self.birth_date
        return f"{d.year - 1911:03d}{d.month:02d}{d.day:02d}"


CITIZENS: dict[str, Citizen] = {
    "valid": Citizen("王小明", "A123456789", date(1985, 3, 15)),
    "valid2": Citizen("林美惠", "F223456786", date(1992, 11, 2)),
    "expired": Citizen("陳大同", "B128765435", date(1960, 7, 30)),
    "revoked": Citizen("張雅婷", "H213579247", date(1978, 1, 9)),
    "wrong-usage": Citizen("黃志強", "E135792463", date(2001, 5, 21)),
    "unknown-ca": Citizen("李淑芬", "K224680137", date(1969, 12, 24)),
}


@dataclass(frozen=True, slots=True)
class Issued:
    """A certificate and its private key."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey


@dataclass(frozen=True, slots=True)
class DevPki:
    root: Issued
    intermediate: Issued
    rogue_root: Issued
    rogue_intermediate: Issued
    cards: dict[str, Issued]
    crl: x509.CertificateRevocationList
    citizens: dict[str, Citizen] = field(default_factory=lambda: dict(CITIZENS))


KeyFactory = Callable[[], rsa.RSAPrivateKey]


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def _name(*parts: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in parts])


def _ca_name(common_name: str, unit: str | None = None) -> x509.Name:
    parts = [(NameOID.COUNTRY_NAME, "TW"), (NameOID.ORGANIZATION_NAME, "OneStop 開發測試 (not a real CA)")]
    if unit:
        parts.append((NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    parts.append((NameOID.COMMON_NAME, common_name))
    return _name(*parts)


def citizen_subject(citizen: Citizen) -> x509.Name:
    """MOICA-like subject: C=TW, CN=name, serialNumber = 12 zeros + the ID's last 4 digits."""
    return _name(
        (NameOID.COUNTRY_NAME, "TW"),
        (NameOID.COMMON_NAME, citizen.name),
        (NameOID.SERIAL_NUMBER, f"{0:012d}{citizen.id_last4}"),
    )


def _ca_cert(
    subject: x509.Name, key: rsa.RSAPrivateKey, issuer: Issued | None, start: datetime, end: datetime
) -> x509.Certificate:
    issuer_name = issuer.cert.subject if issuer else subject
    signing_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0), True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
        )
    return builder.sign(signing_key, hashes.SHA256())


def issue_citizen_cert(
    citizen: Citizen,
    key: rsa.RSAPrivateKey,
    issuer: Issued,
    start: datetime,
    end: datetime,
    digital_signature: bool = True,
) -> x509.Certificate:
    """An authentication certificate for ``citizen``'s card, signed by ``issuer``."""
    usage = x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=not digital_signature,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(citizen_subject(citizen))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False)
        .sign(issuer.key, hashes.SHA256())
    )


def make_crl(
    issuer: Issued, revoked_serials: list[int], this_update: datetime, next_update: datetime
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(1), False)
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(this_update - timedelta(days=1))
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), False)
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256())


def build_dev_pki(now: datetime | None = None, key_factory: KeyFactory = new_key) -> DevPki:
    """Make the whole test PKI in memory (about 8 RSA-2048 keys, under a second or two)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    years = timedelta(days=365)
    root_key, inter_key = key_factory(), key_factory()
    root = Issued(
        _ca_cert(_ca_name("OneStop Dev GRCA"), root_key, None, now - 10 * years, now + 20 * years), root_key
    )
    inter_subject = _ca_name("OneStop Dev MOICA", "內政部憑證管理中心 (測試)")
    inter = Issued(_ca_cert(inter_subject, inter_key, root, now - 5 * years, now + 10 * years), inter_key)
    # A look-alike CA: the same names, other keys. Only a signature check tells it apart.
    rogue_root_key, rogue_inter_key = key_factory(), key_factory()
    rogue_root = Issued(
        _ca_cert(_ca_name("OneStop Dev GRCA"), rogue_root_key, None, now - 10 * years, now + 20 * years),
        rogue_root_key,
    )
    rogue_inter = Issued(
        _ca_cert(inter_subject, rogue_inter_key, rogue_root, now - 5 * years, now + 10 * years),
        rogue_inter_key,
    )
    cards: dict[str, Issued] = {}
    for label, citizen in CITIZENS.items():
        key = key_factory()
        issuer = rogue_inter if label == "unknown-ca" else inter
        start, end = now - timedelta(days=30), now + 5 * years
        if label == "expired":
            start, end = now - 5 * years, now - timedelta(days=1)
        cert = issue_citizen_cert(citizen, key, issuer, start, end, digital_signature=label != "wrong-usage")
        cards[label] = Issued(cert, key)
    crl = make_crl(
        inter, [cards["revoked"].cert.serial_number], now - timedelta(hours=1), now + timedelta(days=7)
    )
    return DevPki(root, inter, rogue_root, rogue_inter, cards, crl)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def write_dev_pki(pki: DevPki, directory: Path) -> dict[str, Path]:
    """Write the PKI under ``directory`` (created); returns the main files by role.

    Layout: ``trust-anchors.pem`` (root + issuing CA, what the hub trusts), ``crl.pem``,
    ``root-ca.pem``, ``intermediate-ca.pem``, ``unknown-ca.pem`` (the look-alike, never trusted),
    ``cards/<label>.cert.pem|.cert.der|.key.pem`` and ``citizens.json`` (names, IDs, PINs: dev only).
    """
    directory.mkdir(parents=True, exist_ok=True)
    cards_dir = directory / "cards"
    cards_dir.mkdir(exist_ok=True)
    files = {
        "trust_anchors": directory / "trust-anchors.pem",
        "crl": directory / "crl.pem",
        "root": directory / "root-ca.pem",
        "intermediate": directory / "intermediate-ca.pem",
        "unknown_ca": directory / "unknown-ca.pem",
        "citizens": directory / "citizens.json",
    }
    files["trust_anchors"].write_bytes(_pem(pki.root.cert) + _pem(pki.intermediate.cert))
    files["crl"].write_bytes(pki.crl.public_bytes(serialization.Encoding.PEM))
    files["root"].write_bytes(_pem(pki.root.cert))
    files["intermediate"].write_bytes(_pem(pki.intermediate.cert))
    files["unknown_ca"].write_bytes(_pem(pki.rogue_root.cert) + _pem(pki.rogue_intermediate.cert))
    manifest = {}
    for label, issued in pki.cards.items():
        (cards_dir / f"{label}.cert.pem").write_bytes(_pem(issued.cert))
        (cards_dir / f"{label}.cert.der").write_bytes(issued.cert.public_bytes(serialization.Encoding.DER))
        key_path = cards_dir / f"{label}.key.pem"
        key_path.write_bytes(_key_pem(issued.key))
        key_path.chmod(0o600)
        citizen = pki.citizens[label]
        manifest[label] = {
            "purpose": CARD_LABELS[label],
            "name": citizen.name,
            "national_id": citizen.national_id,
            "birth_date": citizen.birth_date.isoformat(),
            "pin": citizen.pin,
            "cert": f"cards/{label}.cert.der",
            "key": f"cards/{label}.key.pem",
        }
    files["citizens"].write_text(
        json.dumps({"warning": "DEVELOPMENT TEST DATA ONLY", "cards": manifest}, ensure_ascii=False, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return files
