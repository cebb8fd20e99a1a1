"""Discovery between two hosts: two network namespaces joined by a veth pair (real multicast on a link,
not loopback). An unprovisioned agent in one, ``onestop ctl discover`` in the other."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.environment import unavailable

CHILD = Path(__file__).parent.parent.parent / "discovery" / "advertise_child.py"
REPO = Path(__file__).resolve().parents[3]


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


@pytest.fixture
def two_hosts() -> Iterator[tuple[str, str, str, str]]:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        unavailable("needs root and iproute2 for network namespaces")
    tag = f"{os.getpid() % 100000}"
    ns_a, ns_b, link_a, link_b = f"os8a{tag}", f"os8b{tag}", f"os8va{tag}", f"os8vb{tag}"
    octet = os.getpid() % 200 + 20
    addr_a, addr_b = f"10.{octet}.8.1", f"10.{octet}.8.2"
    try:
        _ip("netns", "add", ns_a)
        _ip("netns", "add", ns_b)
        _ip("link", "add", link_a, "type", "veth", "peer", "name", link_b)
        _ip("link", "set", link_a, "netns", ns_a)
        _ip("link", "set", link_b, "netns", ns_b)
        for ns, link, addr in ((ns_a, link_a, addr_a), (ns_b, link_b, addr_b)):
            _ip("-n", ns, "addr", "add", f"{addr}/24", "dev", link)
            _ip("-n", ns, "link", "set", link, "up")
            _ip("-n", ns, "link", "set", "lo", "up")
    except subprocess.CalledProcessError as exc:
        for ns in (ns_a, ns_b):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        unavailable(f"network namespaces are not available here: {exc.stderr.decode().strip()}")
    try:
        yield ns_a, addr_a, ns_b, addr_b
    finally:
        for ns in (ns_a, ns_b):  # deleting a namespace deletes its end of the veth pair
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def test_agent_in_one_namespace_is_discovered_from_the_other(two_hosts):
    ns_a, addr_a, ns_b, addr_b = two_hosts
    agent = subprocess.Popen(
        ["ip", "netns", "exec", ns_a, sys.executable, str(CHILD), "kiosk-far", "5", addr_a],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert agent.stdout is not None and agent.stdout.readline().strip() == "ready"
        found = subprocess.run(
            [
                "ip",
                "netns",
                "exec",
                ns_b,
                sys.executable,
                "-m",
                "onestop.cli",
                "ctl",
                "discover",
                "--wait",
                "3",
                "--interface",
                addr_b,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            cwd=REPO,
        )
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(10)
    assert found.returncode == 0, found.stderr
    line = next(ln for ln in found.stdout.splitlines() if "kiosk-far" in ln)
    assert addr_a in line and "UNPROVISIONED" in line
    assert "Found 1: 0 hub(s), 1 agent(s), 1 waiting to be provisioned." in found.stdout
