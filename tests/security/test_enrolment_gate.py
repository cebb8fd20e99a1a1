"""High 3 of issue 13 against the real hub process: online registration is refused without identification,
with another child's, and for a needs-assistance category without the card (the full flow with a settable
clock is in tests/hub/enrolment/test_online_identity.py)."""

from __future__ import annotations

from tests.security.conftest import Rig

CHILD = {"national_id": "A123456789", "birth": "2019-05-01", "kindergarten": "TUNIU", "phase": 1}
PATH = "/api/v1/enrolment/registrations"


def test_the_real_hub_refuses_unidentified_and_mismatched_online_registrations(rig: Rig) -> None:
    assert rig.http("POST", PATH, CHILD).status == 401
    light = rig.http("POST", "/api/v1/auth/light", {"national_id": "B123456780", "birth_date": "2019-05-01"})
    assert light.status == 200, light.body
    other = rig.http("POST", PATH, CHILD, headers={"X-Citizen-Session": light.body["session"]})
    assert other.status == 403 and "another child" in other.body["detail"]["message_en"]
    own = rig.http(
        "POST", "/api/v1/auth/light", {"national_id": CHILD["national_id"], "birth_date": CHILD["birth"]}
    )
    session = {"X-Citizen-Session": own.body["session"]}
    status_claim = rig.http("POST", PATH, {**CHILD, "category": "na_low_income"}, headers=session)
    assert status_claim.status == 403 and "card" in status_claim.body["detail"]["message_en"]
