"""Discovery over real zeroconf on loopback: devices appear, goodbyes remove them at once, dead ones expire."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import time
from pathlib import Path

from discovery import Browser, Change, DiscoveryTable, Found
from wire.onboarding import Advertisement, Role

CHILD = Path(__file__).with_name("advertise_child.py")
# mDNS names are machine-wide and several people may run this suite at once: make ours unique.
RUN = os.getpid() % 100000


def _found(device: str, cfg: int = 0) -> Found:
    return Found(
        f"{device}._onestop._tcp.local.",
        Advertisement(Role.AGENT, device, "kiosk", "1", cfg),
        ("10.0.0.2",),
        1,
    )


def test_table_reports_added_updated_removed_once():
    table = DiscoveryTable()
    assert table.seen(_found("kiosk-1")).kind == "added"
    assert table.seen(_found("kiosk-1")) is None  # nothing new
    assert table.seen(_found("kiosk-1", cfg=2)).kind == "updated"
    gone = table.gone("kiosk-1._onestop._tcp.local.", "said goodbye")
    assert gone.kind == "removed" and gone.reason == "said goodbye"
    assert table.gone("kiosk-1._onestop._tcp.local.", "again") is None
    hub = Found("h._onestop._tcp.local.", Advertisement(Role.HUB, "hub-a", "hub"), (), 8000)
    table.seen(_found("kiosk-0"))
    table.seen(hub)
    assert [f.ad.id for f in table.snapshot()] == ["hub-a", "kiosk-0"]


def _child(device: str, ttl: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), device, str(ttl)], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _next(changes: queue.Queue[Change], kind: str, device: str, timeout: float) -> tuple[Change, float]:
    t0 = time.monotonic()
    while True:
        change = changes.get(timeout=max(0.01, timeout - (time.monotonic() - t0)))
        if change.kind == kind and change.found.ad.id == device:
            return change, time.monotonic() - t0


def test_live_add_goodbye_expiry_and_return():
    """GIVEN a browser WHEN devices come, say goodbye, die silently and come back THEN the list follows."""
    changes: queue.Queue[Change] = queue.Queue()
    with Browser(changes.put, interfaces=["127.0.0.1"]):
        polite = _child(f"kiosk-polite-{RUN}", ttl=30)
        try:
            added, _ = _next(changes, "added", f"kiosk-polite-{RUN}", 15)
            assert added.found.ad.provisioned is False and "127.0.0.1" in added.found.addresses
        finally:
            polite.send_signal(signal.SIGTERM)
            polite.wait(10)
        removed, after = _next(changes, "removed", f"kiosk-polite-{RUN}", 5)
        assert removed.reason == "said goodbye" and after < 5

        dead = _child(f"kiosk-dead-{RUN}", ttl=2)
        _next(changes, "added", f"kiosk-dead-{RUN}", 15)
        dead.kill()  # no goodbye: the record must expire within its TTL, not python-zeroconf's 1125 s PTR floor
        dead.wait(5)
        removed, after = _next(changes, "removed", f"kiosk-dead-{RUN}", 10)
        assert "expired" in removed.reason and after < 5

        back = _child(f"kiosk-dead-{RUN}", ttl=2)
        try:
            _next(changes, "added", f"kiosk-dead-{RUN}", 15)
        finally:
            back.send_signal(signal.SIGTERM)
            back.wait(10)


def _line_about(stream, device: str) -> str:
    while True:
        line = stream.readline()
        if not line or device in line:
            return line


def test_ctl_discover_live_prints_arrivals_and_goodbyes_then_a_summary():
    """GIVEN ``onestop ctl discover`` running live WHEN a device comes and leaves THEN both show as they happen."""
    ctl = subprocess.Popen(
        [sys.executable, "-m", "onestop.cli", "ctl", "discover", "--interface", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path.cwd(),
    )
    device = None
    try:
        assert ctl.stderr is not None and "Listening" in ctl.stderr.readline()
        device = _child(f"kiosk-live-{RUN}", ttl=30)
        assert ctl.stdout is not None
        arrived = _line_about(ctl.stdout, f"kiosk-live-{RUN}")  # other devices on the machine may show too
        assert arrived.startswith("+ agent  kiosk-live") and "UNPROVISIONED" in arrived
        device.send_signal(signal.SIGTERM)
        device.wait(10)
        left = _line_about(ctl.stdout, f"kiosk-live-{RUN}")
        assert left.startswith("- agent  kiosk-live") and "(said goodbye)" in left
    finally:
        if device is not None and device.poll() is None:
            device.kill()
        ctl.send_signal(signal.SIGINT)
        try:
            out, _ = ctl.communicate(timeout=20)
        finally:
            if ctl.poll() is None:  # it ignored Ctrl-C: fail, but leave nothing running
                ctl.kill()
                ctl.wait(10)
    assert ctl.returncode == 0 and f"kiosk-live-{RUN}" not in out.split("Found ")[-1]
    assert out.strip().splitlines()[-1].startswith("Found ")
