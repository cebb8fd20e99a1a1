"""High 3 of issue 13: online registration needs the identification seeds 000/003 require, is bound to it,
and never shows another registration's details (HTTP API on both databases, a settable clock)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.hub.enrolment.conftest import card_login, light_login
from tests.hub.enrolment.test_api import BASE, child, setup_kindergartens

TestClientPost = TestClient.post  # the plain post, without the citizen client's automatic identification


def _post(client: TestClient, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return TestClientPost(client, url, json=body, headers=headers)


def _registrations(client: TestClient) -> int:
    return sum(r["registrations"] for r in client.get(f"{BASE}/board").json())


def test_online_registration_without_identification_is_refused_and_changes_nothing(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    setup_kindergartens(client, auth)
    body = {**child(1), "kindergarten": "TUNIU", "phase": 1}
    got = _post(client, f"{BASE}/registrations", body, {})
    assert got.status_code == 401 and "/api/v1/auth/light" in got.json()["detail"]["message_en"]
    forged = _post(client, f"{BASE}/registrations", body, {"X-Citizen-Session": "made-up"})
    assert forged.status_code == 401 and _registrations(client) == 0


def test_one_childs_identification_cannot_register_another(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    setup_kindergartens(client, auth)
    mine, theirs = child(1), child(2)
    who = light_login(client.post, mine["national_id"], mine["birth"])
    got = _post(client, f"{BASE}/registrations", {**theirs, "kindergarten": "TUNIU", "phase": 1}, who)
    assert got.status_code == 403 and "another child" in got.json()["detail"]["message_en"]
    elsewhere = {**who, "X-Citizen-Origin": "kiosk-001"}  # a session is bound to where it was opened
    body = {**mine, "kindergarten": "TUNIU", "phase": 1}
    assert _post(client, f"{BASE}/registrations", body, elsewhere).status_code == 401
    assert _registrations(client) == 0


def test_a_needs_assistance_category_needs_the_parents_card_and_binds_to_it(
    client: TestClient, auth: dict[str, dict[str, str]], sessions: sessionmaker[Session]
) -> None:
    """GIVEN a child's ID and birth date known to a stranger WHEN the stranger registers it as low-income with
    light identification THEN 403; the parent's card registers it, and only that card reads the result."""
    setup_kindergartens(client, auth)
    kid = child(3, category="na_low_income")
    body = {**kid, "kindergarten": "TUNIU", "phase": 1}
    stranger = light_login(client.post, kid["national_id"], kid["birth"])
    refused = _post(client, f"{BASE}/registrations", body, stranger)
    assert refused.status_code == 403 and "card" in refused.json()["detail"]["message_en"]
    parent = card_login(sessions, "parent-of-3")
    made = _post(client, f"{BASE}/registrations", body, parent)
    assert made.status_code == 201, made.text
    ask = {"number": made.json()["number"], "national_id": kid["national_id"]}
    assert _post(client, f"{BASE}/result", ask, stranger).status_code == 404
    assert _post(client, f"{BASE}/result", ask, card_login(sessions, "someone-else")).status_code == 404
    assert _post(client, f"{BASE}/check-in", ask, stranger).status_code == 404
    mine = _post(client, f"{BASE}/result", ask, parent)
    assert mine.status_code == 200 and mine.json()["status"] == "registered"

    again = {**kid, "category": "g_resident", "kindergarten": "SHIGANG", "phase": 1}
    dup = _post(client, f"{BASE}/registrations", again, stranger)
    assert dup.status_code == 409 and dup.json()["detail"]["code"] == "duplicate_registration", dup.text
    assert "TUNIU" not in dup.text and "Tuniu" not in dup.text and made.json()["number"] not in dup.text
