"""Small helpers of the attack tests: wait on a condition (never a fixed sleep), a device's birth."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from onestop.dev.waiting import wait_until
from tests.security.conftest import SITE, Rig
from wire import encode, make_envelope, topics
from wire.payloads.device import Birth

T = TypeVar("T")


def wait_for(what: str, check: Callable[[], T | None], timeout: float = 15.0) -> T:
    """``wait_until`` with the awaited thing named first, as these attack tests read."""
    return wait_until(check, timeout, what, step=0.05)  # type: ignore[return-value]


def bring_online(rig: Rig, device: str, session: int = 1) -> None:
    """The device logs in with its own credentials, publishes a birth, and the hub shows it online."""
    probe = rig.probe(device)
    assert probe.connect(), f"{device} could not log in"
    for filter_ in topics.device_subscriptions(SITE, device):
        probe.subscribe(filter_)
    birth = make_envelope(Birth(kind="counter", agent_version="1.0"), device=device, session=session, seq=0)
    probe.publish(topics.state(SITE, device), encode(birth))
    token = rig.tokens["technician"]

    def online() -> bool:
        got = rig.http("GET", f"/api/v1/devices/{device}", token=token)
        return got.status == 200 and got.body["online"] and got.body["session"] == session

    wait_for(f"{device} online", online)
    rig.device_probes = {**getattr(rig, "device_probes", {}), device: probe}
