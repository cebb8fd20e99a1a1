"""The HTTPS adapter against a real TLS server on 127.0.0.1 (its own CA): files POSTed in order with an
idempotency key; a repeat is answered 409 and counts as delivered; a 5xx is retried, a 4xx is not."""

from __future__ import annotations

import datetime as dt
import http.server
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hub.nplus_e.delivery import DeliveryError, HttpsDeliverer


def make_cert(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class Agency(http.server.BaseHTTPRequestHandler):
    received: ClassVar[dict[str, bytes]] = {}
    fail_with: ClassVar[list[int]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.fail_with:
            self.send_response(self.fail_with.pop(0))
        elif self.headers["Idempotency-Key"] in self.received:
            self.send_response(409)
        else:
            assert self.headers["Authorization"] == "Bearer agency-token"
            self.received[self.headers["Idempotency-Key"]] = body
            self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def agency(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    cert, key = make_cert(tmp_path)
    Agency.received, Agency.fail_with = {}, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Agency)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/nplus-e/incoming", cert
    server.shutdown()
    server.server_close()


FILES = [("a.json", b'{"records":[]}\n'), ("a.manifest.json.sig", b"c2ln\n"), ("a.manifest.json", b"{}\n")]


def test_files_arrive_once_even_when_sent_again(agency: tuple[str, Path]) -> None:
    url, ca = agency
    deliverer = HttpsDeliverer(url, "agency-token", str(ca))
    assert "3 files accepted" in deliverer.deliver(FILES, "k1")
    deliverer.deliver(FILES, "k1")  # a retry after a lost answer: 409 for each, nothing stored twice
    assert sorted(Agency.received) == ["k1:a.json", "k1:a.manifest.json", "k1:a.manifest.json.sig"]


def test_server_errors_are_retried_client_errors_are_not(agency: tuple[str, Path]) -> None:
    url, ca = agency
    Agency.fail_with = [503]
    with pytest.raises(DeliveryError) as caught:
        HttpsDeliverer(url, "agency-token", str(ca)).deliver(FILES, "k2")
    assert not caught.value.permanent
    Agency.fail_with = [403]
    with pytest.raises(DeliveryError) as caught:
        HttpsDeliverer(url, "agency-token", str(ca)).deliver(FILES, "k2")
    assert caught.value.permanent


def test_an_untrusted_certificate_is_refused(agency: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = agency
    (tmp_path / "other").mkdir()
    other, _ = make_cert(tmp_path / "other")
    with pytest.raises(DeliveryError, match="unreachable"):
        HttpsDeliverer(url, "agency-token", str(other)).deliver(FILES, "k3")
    assert Agency.received == {}
