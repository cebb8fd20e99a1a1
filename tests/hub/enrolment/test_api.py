"""The enrolment API end to end on SQLite and PostgreSQL: register, refuse, announce, draw, verify, check in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.hub.enrolment.conftest import Clock

BASE = "/api/v1/enrolment"
VERIFIER = Path(__file__).resolve().parents[3] / "scripts" / "verify_lottery.py"


def child(n: int, birth: str = "107-01-10", **extra: Any) -> dict[str, Any]:
    """A child with a valid ID number (light identification checks the check digit)."""
    from hub.auth.national_id import check_digit_ok

    stem = f"A1{n:07d}"
    number = next(stem + str(d) for d in range(10) if check_digit_ok(stem + str(d)))
    return {"national_id": number, "birth": birth, "resident_since": "2019-01-01", **extra}


def setup_kindergartens(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    for code, mixed in (("TUNIU", 1), ("SHIGANG", 1)):
        body = {
            "name_zh": f"{code}附幼",
            "name_en": f"{code} Kindergarten",
            "two_year_classes": 0,
            "mixed_classes": mixed,
            "promoted_mixed": 26,
        }  # 30 - 26 promoted - 2 special-ed = 2 places
        assert (
            client.put(f"{BASE}/kindergartens/{code}", json=body, headers=auth["supervisor"]).status_code
            == 204
        )


def test_register_draw_verify_and_check_in(
    client: TestClient, auth: dict[str, dict[str, str]], clock: Clock, tmp_path: Path
) -> None:
    setup_kindergartens(client, auth)
    numbers = []
    for n in range(3):
        got = client.post(f"{BASE}/registrations", json={**child(n), "kindergarten": "TUNIU", "phase": 1})
        assert got.status_code == 201, got.text
        numbers.append(got.json()["number"])
    assert got.json()["birth"] == "107-01-10 (2018-01-10)" and got.json()["group"] == "L06R0"
    dup = client.post(f"{BASE}/registrations", json={**child(0), "kindergarten": "SHIGANG", "phase": 1})
    assert dup.status_code == 409 and dup.json()["detail"]["code"] == "duplicate_registration"
    assert "TUNIU" not in dup.text and numbers[0] not in dup.text  # never another registration's details
    twins = [
        child(10, multiple_birth=True, category="p4_multiple_birth"),
        child(11, multiple_birth=True, category="p4_multiple_birth"),
    ]
    body = {"kindergarten": "TUNIU", "phase": 1, "drawn_together": True, "children": twins}
    clock.set(4, 6, 9)
    assert client.post(f"{BASE}/registrations/multiples", json=body).status_code == 401
    made = client.post(f"{BASE}/registrations/multiples", json=body, headers=auth["counter"])
    assert made.status_code == 201 and made.json()[0]["drawn_together_with"] == made.json()[0]["number"]
    board = {
        r["kindergarten"]: r
        for r in client.get(f"{BASE}/board", params={"phase": 1}).json()
        if r["pool"] == "mixed"
    }
    assert (board["TUNIU"]["places"], board["TUNIU"]["registrations"], board["TUNIU"]["vacancies"]) == (
        2,
        5,
        None,
    )

    sources = {"sources": ["Lotto 6/49 draw 112000040", "its special number"]}
    assert (
        client.post(f"{BASE}/draws/TUNIU/1/announce", json=sources, headers=auth["supervisor"]).status_code
        == 409
    )
    clock.set(4, 8, 13)
    ann = client.post(f"{BASE}/draws/TUNIU/1/announce", json=sources, headers=auth["supervisor"])
    assert ann.status_code == 201 and len(ann.json()["announcement_sha256"]) == 64
    assert (
        client.post(f"{BASE}/draws/TUNIU/1/announce", json=sources, headers=auth["counter"]).status_code
        == 403
    )
    clock.set(4, 8, 14)
    drawn = client.post(
        f"{BASE}/draws/TUNIU/1/draw",
        json={"values": [[3, 17, 22, 28, 39, 44], [5]]},
        headers=auth["supervisor"],
    )
    assert drawn.status_code == 200, drawn.text
    winners = drawn.json()["winners"]
    assert len(winners) == 2

    transcript = client.get(f"{BASE}/draws/TUNIU/1").json()["transcript"]
    (tmp_path / "t.json").write_text(json.dumps(transcript, ensure_ascii=False), encoding="utf-8")
    verified = subprocess.run(
        [sys.executable, "-I", str(VERIFIER), str(tmp_path / "t.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stdout

    ids = {n: child(i)["national_id"] for i, n in enumerate(numbers)}
    ids.update({m["number"]: t["national_id"] for m, t in zip(made.json(), twins, strict=True)})
    clock.set(4, 8, 15)
    winner = winners[0]
    wrong = client.post(f"{BASE}/check-in", json={"number": winner, "national_id": "B123456789"})
    assert wrong.status_code == 404
    ok = client.post(f"{BASE}/check-in", json={"number": winner, "national_id": ids[winner]})
    assert ok.status_code == 200 and ok.json()["status"] == "checked_in"
    waiting = next(n for n in ids if n not in winners)
    refused = client.post(f"{BASE}/check-in", json={"number": waiting, "national_id": ids[waiting]})
    assert refused.status_code == 409 and refused.json()["detail"]["code"] == "check_in_refused"

    clock.set(4, 8, 16)
    closed = client.post(f"{BASE}/draws/TUNIU/1/close", headers=auth["supervisor"])
    assert closed.status_code == 200 and closed.json()["mixed"] == 0  # the other winner's place was offered
    mine = client.post(f"{BASE}/result", json={"number": winners[1], "national_id": ids[winners[1]]}).json()
    assert mine["status"] == "forfeited"
    board = {r["kindergarten"]: r for r in client.get(f"{BASE}/board").json() if r["pool"] == "mixed"}
    assert board["TUNIU"]["vacancies"] == 0 and board["SHIGANG"]["registrations"] == 0


def test_refusals_reach_the_parent_in_both_languages(
    client: TestClient, auth: dict[str, dict[str, str]], clock: Clock
) -> None:
    setup_kindergartens(client, auth)
    cases = [
        (child(1, birth="2017-09-01"), "outside_age_brackets"),
        (child(2, category="p3_staff_child", staff_kindergarten="TUNIU"), "on_site_only"),
        (child(3, birth="2020-03-03"), "phase_not_open"),
    ]
    for body, code in cases:
        got = client.post(f"{BASE}/registrations", json={**body, "kindergarten": "TUNIU", "phase": 1})
        assert got.status_code == 422 and got.json()["detail"]["code"] == code, got.text
        assert got.json()["detail"]["message_zh"] and "seed 003" in got.json()["detail"]["rule"]
    clock.set(4, 8, 0, 1)
    late = client.post(f"{BASE}/registrations", json={**child(4), "kindergarten": "TUNIU", "phase": 1})
    assert late.json()["detail"]["code"] == "registration_closed"
    on_site = client.post(
        f"{BASE}/registrations", json={**child(5), "kindergarten": "TUNIU", "phase": 1, "channel": "on_site"}
    )
    assert on_site.status_code == 401
    bad_id = client.post(
        f"{BASE}/registrations",
        json={**child(6), "national_id": "12345", "kindergarten": "TUNIU", "phase": 1},
    )
    assert bad_id.status_code == 422
    assert all(r["registrations"] == 0 for r in client.get(f"{BASE}/board").json())


def test_phase2_places_follow_phase1_check_ins_and_cards_are_checked(
    client: TestClient, auth: dict[str, dict[str, str]], clock: Clock
) -> None:
    setup_kindergartens(client, auth)
    client.post(f"{BASE}/registrations", json={**child(1), "kindergarten": "TUNIU", "phase": 1})
    clock.set(4, 10, 12)
    assert (
        client.post(
            f"{BASE}/draws/TUNIU/2/announce", json={"sources": ["x"]}, headers=auth["supervisor"]
        ).status_code
        == 409
    )
    card = client.post(
        f"{BASE}/registrations",
        json={
            **child(7, category="na_low_income", has_priority_card=True),
            "kindergarten": "TUNIU",
            "phase": 2,
        },
    )
    assert card.status_code == 422 and "priority card" in card.json()["detail"]["message_en"]
    clock.set(4, 8, 13)
    client.post(f"{BASE}/draws/TUNIU/1/announce", json={"sources": ["x"]}, headers=auth["supervisor"])
    clock.set(4, 8, 14)
    winner = client.post(
        f"{BASE}/draws/TUNIU/1/draw", json={"values": [[1]]}, headers=auth["supervisor"]
    ).json()
    clock.set(4, 8, 15)
    client.post(
        f"{BASE}/check-in",
        json={"number": winner["winners"][0], "national_id": child(1)["national_id"], "channel": "online"},
    )
    clock.set(4, 15, 13)
    ann = client.post(f"{BASE}/draws/TUNIU/2/announce", json={"sources": ["x"]}, headers=auth["supervisor"])
    assert ann.json()["announcement"]["places"]["mixed"] == 1  # 2 phase-1 places - 1 checked in
    clock.set(4, 10, 12)
    again = client.post(f"{BASE}/registrations", json={**child(1), "kindergarten": "SHIGANG", "phase": 2})
    assert again.status_code == 409 and "already has a place" in again.json()["detail"]["message_en"]
