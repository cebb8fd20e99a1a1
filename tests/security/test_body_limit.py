"""Medium 9 of issue 13: every route refuses a body over the limit with 413, declared or chunked, without
reading it whole (the real hub over HTTP)."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import time

import pytest

from tests.security.conftest import Rig

BIG = 2 * 1024 * 1024  # twice the default limit


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/progress",
        "/api/v1/auth/light",
        "/api/v1/enrolment/registrations",
        "/progress",
        "/api/v1/cases",
    ],
)
def test_a_declared_oversized_body_gets_413(rig: Rig, path: str) -> None:
    """The hub answers from the declared length, after a first slice of the body (the rest is never sent)."""
    conn = http.client.HTTPConnection("127.0.0.1", rig.hub.port, timeout=30)
    conn.putrequest("POST", path)
    conn.putheader("content-type", "application/json")
    conn.putheader("content-length", str(BIG))
    conn.endheaders()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the hub may have answered and closed
        conn.send(b'{"x":"' + b"a" * 65536)
    response = conn.getresponse()
    body = json.loads(response.read())
    conn.close()
    assert response.status == 413 and "larger than 1048576 bytes" in body["detail"]


def test_a_chunked_oversized_body_gets_413_while_it_is_sent(rig: Rig) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", rig.hub.port, timeout=30)
    conn.putrequest("POST", "/api/v1/progress")
    conn.putheader("content-type", "application/json")
    conn.putheader("transfer-encoding", "chunked")
    conn.endheaders()
    chunk = b"a" * 65536
    try:
        conn.send(b"%x\r\n%s\r\n" % (len(b'{"case_no":"'), b'{"case_no":"'))
        for _ in range(BIG // len(chunk)):
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the hub may stop reading once it answered
    response = conn.getresponse()
    assert response.status == 413
    conn.close()


def test_a_small_body_still_works(rig: Rig) -> None:
    got = rig.http("POST", "/api/v1/progress", {"case_no": "x", "password": "y"})
    assert got.status != 413


def test_a_client_trickling_headers_is_cut_off(rig: Rig) -> None:
    """GIVEN a header timeout of 2 s WHEN a client sends one header line every 0.2 s, never finishing THEN the
    hub closes the connection (within 20 s; without the timeout it would hold it for ever)."""
    sock = socket.create_connection(("127.0.0.1", rig.hub.port), timeout=20)
    sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\n")
    sock.settimeout(0.2)
    started = time.monotonic()
    closed = False
    while time.monotonic() - started < 20 and not closed:
        try:
            closed = sock.recv(1024) == b""
        except TimeoutError:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except (BrokenPipeError, ConnectionResetError):
                closed = True
        except ConnectionResetError:
            closed = True
    sock.close()
    assert closed, "the hub kept a connection whose headers never ended"
    assert time.monotonic() - started < 10
