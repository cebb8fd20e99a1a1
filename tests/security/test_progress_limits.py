"""Medium 10 of issue 13: strangers cannot lock a citizen out of the progress query; the hub's own query
passwords are kept as a keyed hash; X-Forwarded-For from loopback is not believed (real hub over HTTP,
requests from several loopback source addresses)."""

from __future__ import annotations

import http.client
import json
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.security.conftest import Rig

CASE = {"service": "HR-TRANSCRIPT", "channel": "counter", "applicant": {"name": "陳小華"}, "consent": True}


def _progress(rig: Rig, source: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", rig.hub.port, timeout=30, source_address=(source, 0))
    try:
        conn.request(
            "POST",
            "/api/v1/progress",
            json.dumps(body),
            {"content-type": "application/json", **(headers or {})},
        )
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.fixture(scope="module")
def case(rig: Rig) -> dict[str, str]:
    made = rig.http("POST", "/api/v1/cases", CASE, token=rig.tokens["counter"])
    assert made.status == 201
    return {"case_no": made.body["case_no"], "password": made.body["query_password"]}


def test_strangers_from_many_addresses_lock_only_themselves(rig: Rig, case: dict[str, str]) -> None:
    wrong = {"case_no": case["case_no"], "password": "WRONGPW1"}
    for n in range(2, 7):
        source = f"127.0.0.{n}"
        assert [_progress(rig, source, wrong) for _ in range(5)] == [404] * 5
        assert _progress(rig, source, case) == 429  # this address is done with this case
    assert _progress(rig, "127.0.0.9", case) == 200  # the citizen still gets in


def test_an_office_behind_one_address_is_not_locked_by_a_few_typos(rig: Rig, case: dict[str, str]) -> None:
    for n in range(12):
        assert _progress(rig, "127.0.0.20", {"case_no": f"C-TYPO{n:02d}", "password": "WRONGPW1"}) == 404
    assert _progress(rig, "127.0.0.20", case) == 200


def test_x_forwarded_for_from_loopback_is_not_believed(rig: Rig, case: dict[str, str]) -> None:
    wrong = {"case_no": case["case_no"], "password": "WRONGPW2"}
    for n in range(5):  # each claims another address; the hub counts them all against 127.0.0.30
        assert _progress(rig, "127.0.0.30", wrong, {"x-forwarded-for": f"10.9.9.{n}"}) == 404
    assert _progress(rig, "127.0.0.30", case, {"x-forwarded-for": "10.9.9.99"}) == 429


def test_the_hubs_query_passwords_are_a_keyed_hash(rig: Rig, case: dict[str, str]) -> None:
    engine = create_engine(rig.db_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                text("select password_hash from cases where case_no = :n"), {"n": case["case_no"]}
            ).scalar_one()
    finally:
        engine.dispose()
    assert stored.startswith("hmac-sha256$") and "scrypt" not in stored
