"""``onestop demo``: the whole system on one machine with embedded defaults.

An embedded MQTT broker, a hub on SQLite, a virtual kiosk agent and a virtual counter agent run as real
processes; simulated citizens use them through the agents' local API. Ctrl-C stops everything cleanly.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from onestop.processes import free_port

SITE = "demo-office"
# Codes from the hub's shipped catalogue (hub/catalogue/services.yaml).
KIOSK_SERVICES = (
    "HR-TRANSCRIPT",
    "HR-HOUSEHOLD-BOOK",
    "TAX-HOUSE-CERT",
    "POL-CRIMINAL-RECORD",
    "LAB-JOB-REGISTER",
)
COUNTER_SERVICES = ("HR-TRANSCRIPT", "HR-DOORPLATE-CERT", "LAND-REGISTER-COPY", "TAX-LAND-SELF-USE")
BUTTONS = ("very_satisfied", "satisfied", "satisfied", "very_satisfied", "dissatisfied", "very_dissatisfied")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="run the whole system on this machine with embedded defaults")
    p.add_argument("--data-dir", type=Path, help="where the demo keeps its files (default: a new temp dir)")
    p.add_argument("--http", default="127.0.0.1:0", help="hub HTTP address (port 0 = a free port)")
    p.add_argument(
        "--duration", type=float, default=0, help="stop after this many seconds (0 = until Ctrl-C)"
    )
    p.add_argument("--interval", type=float, default=2.0, help="seconds between simulated citizens")
    p.set_defaults(func=run)


@dataclass
class Demo:
    data_dir: Path
    hub_http: str
    procs: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    agent_ports: dict[str, int] = field(default_factory=dict)

    def spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.data_dir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process
        # Own session: a terminal's Ctrl-C reaches only the demo, which then stops the parts in order.
        proc = subprocess.Popen(
            [sys.executable, "-m", "onestop.cli", *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append((name, proc))
        return proc

    def stop(self) -> None:
        """Stop in reverse start order, each before the next, so the hub still hears the agents' goodbyes."""
        for name, proc in reversed(self.procs):
            if proc.poll() is not None:
                continue
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                print(f"demo: {name} did not stop in 10 s; killing it", file=sys.stderr)
                proc.kill()
                proc.wait(5)
        self.procs.clear()


def _agent_config(demo: Demo, device: str, kind: str, broker_url: str) -> Path:
    port = free_port()
    demo.agent_ports[device] = port
    path = demo.data_dir / f"{device}.yaml"
    config: dict[str, Any] = {
        "device_id": device,
        "site": SITE,
        "kind": kind,
        "broker": {"url": broker_url},
        "data_dir": str(demo.data_dir / device),
        "api": {"host": "127.0.0.1", "port": port},
        "health_interval": 30,
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _post(port: int, path: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        result: dict[str, Any] = json.loads(resp.read() or b"{}")
        return result


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read())


def _wait_http(url: str, proc: subprocess.Popen[bytes], name: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{name} exited with code {proc.returncode} while starting:\n{tail}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            _get(url)
            return
        time.sleep(0.2)
    raise TimeoutError(f"{name} did not answer at {url} within {timeout:.0f} s (see {log})")


def _citizen(demo: Demo, rng: random.Random) -> str:
    """One simulated citizen: a kiosk visit, or a counter case followed by a keypad rating."""
    if rng.random() < 0.5:
        service = rng.choice(KIOSK_SERVICES)
        _post(
            demo.agent_ports["kiosk-001"],
            "/v1/events/kiosk.visit",
            {"service": service, "seconds": rng.randint(40, 400), "outcome": "completed", "pages_printed": 2},
        )
        return f"kiosk-001: a citizen used {service}"
    service = rng.choice(COUNTER_SERVICES)
    port = demo.agent_ports["counter-01"]
    _post(port, "/v1/events/counter.served", {"counter": "counter-01", "service": service, "seconds": 300})
    button = rng.choice(BUTTONS)
    _post(
        port,
        "/v1/events/rating.pressed",
        {"counter": "counter-01", "button": button, "pressed_at": int(time.time() * 1000)},
    )
    return f"counter-01: served {service}, rated {button}"


@contextlib.contextmanager
def _broker() -> Iterator[str]:
    from onestop.embedded_broker import EmbeddedBroker

    broker = EmbeddedBroker().start()
    try:
        yield broker.url
    finally:
        broker.stop()


def run(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir or Path(tempfile.mkdtemp(prefix="onestop-demo-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    host, _, port_text = args.http.rpartition(":")
    http = f"{host or '127.0.0.1'}:{int(port_text) or free_port()}"
    demo = Demo(data_dir=data_dir, hub_http=http)
    hub_url = f"http://{http}"
    stop_requested = False

    def _on_signal(signum: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, _on_signal)
    print(f"demo: files and logs in {data_dir}")
    with _broker() as broker_url:
        try:
            print(f"demo: embedded MQTT broker at {broker_url}")
            hub = demo.spawn(
                "hub",
                [
                    "hub",
                    "serve",
                    "--db",
                    f"sqlite:///{data_dir / 'hub.db'}",
                    "--broker",
                    broker_url,
                    "--http",
                    http,
                ],
            )
            _wait_http(f"{hub_url}/api/v1/health", hub, "the hub", data_dir / "hub.log")
            for device, kind in (("kiosk-001", "kiosk"), ("counter-01", "counter")):
                proc = demo.spawn(
                    device, ["agent", "run", "--config", str(_agent_config(demo, device, kind, broker_url))]
                )
                _wait_http(
                    f"http://127.0.0.1:{demo.agent_ports[device]}/v1/status",
                    proc,
                    device,
                    data_dir / f"{device}.log",
                )
            print(
                "\nOneStop demo is running. Open:\n"
                f"  staff pages        {hub_url}/\n"
                f"  HTTP API (OpenAPI) {hub_url}/docs\n"
                f"  devices            {hub_url}/api/v1/devices\n"
                f"  kiosk agent API    http://127.0.0.1:{demo.agent_ports['kiosk-001']}/v1/status\n"
                f"  counter agent API  http://127.0.0.1:{demo.agent_ports['counter-01']}/v1/status\n"
                "Press Ctrl-C to stop.\n",
                flush=True,
            )
            rng = random.Random()
            started = time.monotonic()
            next_citizen = started
            while not stop_requested and (not args.duration or time.monotonic() - started < args.duration):
                for name, proc in demo.procs:
                    if proc.poll() is not None:
                        raise RuntimeError(
                            f"{name} stopped unexpectedly (code {proc.returncode}); see {data_dir / (name + '.log')}"
                        )
                if time.monotonic() >= next_citizen:
                    print(f"demo: {_citizen(demo, rng)}", flush=True)
                    next_citizen = time.monotonic() + args.interval
                time.sleep(0.1)
        except KeyboardInterrupt:
            pass
        except (RuntimeError, TimeoutError, OSError) as exc:
            print(f"demo: {exc}", file=sys.stderr)
            demo.stop()
            return 1
        finally:
            print("demo: stopping agents, hub and broker ...", flush=True)
            demo.stop()
    with contextlib.suppress(Exception):
        stats = subprocess.run(
            [
                sys.executable,
                "-m",
                "onestop.cli",
                "hub",
                "stats",
                "--db",
                f"sqlite:///{data_dir / 'hub.db'}",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if stats.returncode == 0:
            print(f"demo: hub totals {stats.stdout.strip()}")
    print("demo: stopped cleanly")
    return 0
