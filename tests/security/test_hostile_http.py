"""Low items of issue 13 over the real hub: a lone surrogate in JSON and huge integers get a 4xx naming the
problem, never a 500."""

from __future__ import annotations

import pytest

from tests.security.conftest import Rig


@pytest.mark.parametrize(
    ("path", "raw", "field"),
    [
        ("/api/v1/progress", b'{"case_no": "\\ud800", "password": "x"}', "case_no"),
        ("/api/v1/auth/light", b'{"national_id": "A1", "birth_date": "\\udc00x"}', "birth_date"),
        ("/api/v1/enrolment/registrations", b'{"kindergarten": "K", "phase": 1, "x": ["\\ud83d"]}', "x"),
    ],
)
def test_a_lone_surrogate_gets_422_naming_the_field(rig: Rig, path: str, raw: bytes, field: str) -> None:
    got = rig.http("POST", path, raw=raw)
    assert got.status == 422 and field in got.body["detail"][0]["loc"] and "surrogate" in str(got.body)


def test_a_paired_surrogate_is_ordinary_text(rig: Rig) -> None:
    got = rig.http("POST", "/api/v1/progress", raw=b'{"case_no": "\\ud83d\\ude00", "password": "x"}')
    assert got.status == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/dead-letters?before_id={2**70}",
        f"/api/v1/devices?offset={2**70}",
        f"/api/v1/enrolment/board?phase={2**70}",
        f"/api/v1/enrolment/draws/K1/{2**70}",
    ],
)
def test_huge_integers_get_a_4xx(rig: Rig, path: str) -> None:
    got = rig.http("GET", path, token=rig.tokens["technician"])
    assert 400 <= got.status < 500, got.body
