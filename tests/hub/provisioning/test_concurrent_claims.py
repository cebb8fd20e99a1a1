"""Two technicians scan the same code at the same moment: exactly one claim wins (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import threading

from hub.provisioning import claims, service
from hub.provisioning.broker_files import BrokerFiles
from hub.provisioning.models import DeviceCredential
from wire import DeviceKind, now_ms
from wire.onboarding import Onboarding
from wire.payloads.provisioning import ClaimRequest, EnrolRequest


def test_same_code_claimed_twice_at_once_is_granted_once(sessions, tmp_path):
    ctx = service.Context(broker_files=BrokerFiles(tmp_path / "passwd", tmp_path / "acl"))
    req = EnrolRequest(
        device_id="kiosk-1", kind=DeviceKind.KIOSK, pickup_hash=hashlib.sha256(b"s").hexdigest()
    )
    with sessions() as s, s.begin():
        ticket = service.enrol(s, req, now_ms(), ctx)
    qr = Onboarding("kiosk-1", DeviceKind.KIOSK, ticket.claim_code).qr_text()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def technician(site: str) -> None:
        start.wait()
        try:
            with sessions() as s, s.begin():
                service.claim(s, ClaimRequest(qr=qr, site=site), now_ms(), ctx, f"tech-{site}")
            outcomes.append("granted")
        except claims.ClaimUsed:
            outcomes.append("used")

    threads = [threading.Thread(target=technician, args=(site,)) for site in ("site-a", "site-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["granted", "used"]
    with sessions() as s:
        cred = s.get(DeviceCredential, "kiosk-1")
        assert cred is not None and cred.generation == 1
        assert f"onestop/v1/{cred.site}/kiosk-1/" in (tmp_path / "acl").read_text()
