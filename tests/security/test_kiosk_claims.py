"""Medium 11 of issue 13: the hub does not take a kiosk's word for a card identification it never saw, nor its
clock for the day a case was received (real Mosquitto and hub; the kiosk is a device login publishing)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import create_engine, text

from tests.security.conftest import DEVICES, SITE, Rig
from tests.security.helpers import wait_for
from wire import encode, make_envelope, now_ms, topics
from wire.payloads.cases import CaseOpened, Identity, Origin, hash_query_password, make_case_no

DEVICE = DEVICES[1]


def test_a_card_claim_without_a_card_session_and_a_back_dated_case(rig: Rig) -> None:
    old = date.today() - timedelta(days=200)
    case_no = make_case_no(Origin.KIOSK, old)
    body = CaseOpened(
        case_no=case_no,
        service="HR-TRANSCRIPT",
        password_hash=hash_query_password("ABCDEFGH"),
        name="林美玲",
        identity=Identity.CARD,
        consent=True,
    )
    two_hundred_days_ago = now_ms() - 200 * 86_400_000
    env = make_envelope(body, device=DEVICE, session=1, seq=1, ts=two_hundred_days_ago)
    probe = rig.probe(DEVICE)
    assert probe.connect()
    probe.publish(topics.event(SITE, DEVICE, "case.opened"), encode(env))
    token = rig.tokens["supervisor"]
    case = wait_for(
        "the case",
        lambda: (r := rig.http("GET", f"/api/v1/cases/{case_no}", token=token)).status == 200 and r.body,
    )
    assert date.fromisoformat(case["received_on"]) >= date.today() - timedelta(days=1)  # the hub's day
    assert date.fromisoformat(case["due_on"]) >= date.today()  # so not counted overdue
    engine = create_engine(rig.db_url)
    try:
        with engine.connect() as conn:
            identity, consent_at = conn.execute(
                text("select identity, consent_at from cases where case_no = :n"), {"n": case_no}
            ).one()
    finally:
        engine.dispose()
    assert identity == "none"  # no card login of this kiosk was ever seen by the hub
    assert consent_at == two_hundred_days_ago  # the kiosk's own time, kept as reported
