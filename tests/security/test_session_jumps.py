"""Medium 13 of issue 13: a forged session number (2^53-1) cannot freeze a device; its next real session is
still taken (real Mosquitto and hub; the same rule holds on the demo's broker without an ACL)."""

from __future__ import annotations

from tests.security.conftest import DEVICES, SITE, Rig
from tests.security.helpers import bring_online, wait_for
from wire import encode, make_envelope, topics
from wire.payloads.device import Birth
from wire.payloads.visits import KioskVisit

DEVICE = DEVICES[0]


def _session(rig: Rig) -> int | None:
    got = rig.http("GET", f"/api/v1/devices/{DEVICE}", token=rig.tokens["technician"])
    return got.body["session"] if got.status == 200 else None


def test_a_forged_huge_session_does_not_freeze_the_device(rig: Rig) -> None:
    bring_online(rig, DEVICE, session=3)
    probe = rig.device_probes[DEVICE]
    forged = make_envelope(
        KioskVisit(seconds=1, outcome="completed"), device=DEVICE, session=2**53 - 1, seq=255
    )
    probe.publish(topics.event(SITE, DEVICE, "kiosk.visit"), encode(forged))
    birth = make_envelope(Birth(kind="counter", agent_version="1.0"), device=DEVICE, session=4, seq=0)
    probe.publish(topics.state(SITE, DEVICE), encode(birth))
    assert wait_for("the real next session", lambda: _session(rig) == 4)
    letters = rig.http("GET", "/api/v1/dead-letters?reason=session_jump", token=rig.tokens["technician"])
    assert letters.status == 200 and len(letters.body) == 1
    assert "9007199254740991" in letters.body[0]["message"] and "refused" in letters.body[0]["message"]
