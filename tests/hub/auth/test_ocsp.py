"""OCSP: only a fresh answer signed by the card's CA (or its delegated responder) counts; doubt → CRL decides."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from hub.auth.ocsp import OcspResponder, http_post
from hub.auth.revocation import RevocationStatus
from onestop.dev.fixtures import DevPkiFiles
from onestop.dev.pki import Issued, new_key

NOW = datetime.now(UTC).replace(microsecond=0)


def answer(
    pki: DevPkiFiles,
    label: str,
    status: ocsp.OCSPCertStatus,
    signer: Issued | None = None,
    this_update: datetime = NOW,
    next_update: datetime | None = NOW + timedelta(hours=1),
    extra_certs: list[x509.Certificate] | None = None,
) -> bytes:
    cert, issuer = pki.pki.cards[label].cert, pki.pki.intermediate
    signer = signer or issuer
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=cert,
        issuer=issuer.cert,
        algorithm=hashes.SHA1(),
        cert_status=status,
        this_update=this_update,
        next_update=next_update,
        revocation_time=NOW - timedelta(days=1) if status is ocsp.OCSPCertStatus.REVOKED else None,
        revocation_reason=None,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.NAME, signer.cert)
    if extra_certs:
        builder = builder.certificates(extra_certs)
    return builder.sign(signer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def ask(pki: DevPkiFiles, raw: bytes | Exception, label: str = "valid") -> RevocationStatus | None:
    def transport(url: str, body: bytes) -> bytes:
        request = ocsp.load_der_ocsp_request(body)
        assert request.serial_number == pki.pki.cards[label].cert.serial_number
        if isinstance(raw, Exception):
            raise raw
        return raw

    responder = OcspResponder("http://ocsp.test/", transport, now=lambda: NOW)
    return responder.check(pki.pki.cards[label].cert, pki.pki.intermediate.cert)


def test_good_and_revoked_answers_signed_by_the_ca(dev_pki: DevPkiFiles) -> None:
    assert ask(dev_pki, answer(dev_pki, "valid", ocsp.OCSPCertStatus.GOOD)) is RevocationStatus.GOOD
    revoked = answer(dev_pki, "revoked", ocsp.OCSPCertStatus.REVOKED)
    assert ask(dev_pki, revoked, "revoked") is RevocationStatus.REVOKED


def test_a_delegated_responder_issued_by_the_ca_is_trusted(dev_pki: DevPkiFiles) -> None:
    key = new_key()
    inter = dev_pki.pki.intermediate
    responder_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "OCSP responder")]))
        .issuer_name(inter.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), False)
        .sign(inter.key, hashes.SHA256())
    )
    raw = answer(
        dev_pki,
        "valid",
        ocsp.OCSPCertStatus.GOOD,
        signer=Issued(responder_cert, key),
        extra_certs=[responder_cert],
    )
    assert ask(dev_pki, raw) is RevocationStatus.GOOD


@pytest.mark.parametrize(
    "case",
    [
        "forged_by_lookalike_ca",
        "stale",
        "from_the_future",
        "unknown_status",
        "garbage",
        "unreachable",
        "other_cert",
    ],
)
def test_doubtful_answers_leave_it_to_the_crl(dev_pki: DevPkiFiles, case: str) -> None:
    good = ocsp.OCSPCertStatus.GOOD
    raw: bytes | Exception = {
        "forged_by_lookalike_ca": lambda: answer(
            dev_pki, "valid", good, signer=dev_pki.pki.rogue_intermediate
        ),
        "stale": lambda: answer(
            dev_pki, "valid", good, None, NOW - timedelta(days=3), NOW - timedelta(days=2)
        ),
        "from_the_future": lambda: answer(
            dev_pki, "valid", good, None, NOW + timedelta(hours=1), NOW + timedelta(days=1)
        ),
        "unknown_status": lambda: answer(dev_pki, "valid", ocsp.OCSPCertStatus.UNKNOWN),
        "garbage": lambda: b"\x30\x03\x0a\x01\x00",
        "unreachable": lambda: OSError("connection refused"),
        "other_cert": lambda: answer(dev_pki, "valid2", good),
    }[case]()
    assert ask(dev_pki, raw) is None


@pytest.fixture
def responder(dev_pki: DevPkiFiles) -> Iterator[str]:
    body = answer(dev_pki, "revoked", ocsp.OCSPCertStatus.REVOKED)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/ocsp-response")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_over_http(dev_pki: DevPkiFiles, responder: str) -> None:
    client = OcspResponder(responder, http_post)
    assert (
        client.check(dev_pki.pki.cards["revoked"].cert, dev_pki.pki.intermediate.cert)
        is RevocationStatus.REVOKED
    )


def test_only_http_urls() -> None:
    with pytest.raises(ValueError, match="http"):
        OcspResponder("file:///etc/passwd")
