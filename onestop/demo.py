"""``onestop demo``: the whole system on one machine with embedded defaults.

A private Mosquitto that every client logs in to, with the password file and ACL the hub generates for
production (the embedded amqtt broker, anonymous, only where Mosquitto is not installed), a hub on SQLite, a kiosk agent and a counter agent run as real processes, with
virtual hardware behind them (onestop.demo_devices: citizen card, receipt printer, scanner, rating keypad)
and the kiosk UI in front; simulated citizens use them (onestop.demo_scenario). Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from onestop.processes import free_port

if (
    TYPE_CHECKING
):  # the virtual hardware loads Pillow, pyserial and more: only `onestop demo` itself needs it,
    from onestop.demo_devices import VirtualDevices  # so `onestop hub serve` runs on a hub-only install

SITE = "tpe-xinyi"
KEYPAD_SPACING = 6.0  # seconds between two counter citizens' presses
STAFF = (
    ("chen.counter", "counter"),
    ("lin.supervisor", "supervisor"),
    ("wang.operator", "operator"),
    ("hsu.technician", "technician"),
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="run the whole system on this machine with embedded defaults")
    p.add_argument("--data-dir", type=Path, help="where the demo keeps its files (default: a new temp dir)")
    p.add_argument("--http", default="127.0.0.1:0", help="hub HTTP address (port 0 = a free port)")
    p.add_argument(
        "--duration", type=float, default=0, help="stop after this many seconds (0 = until Ctrl-C)"
    )
    p.add_argument("--interval", type=float, default=2.0, help="seconds between simulated citizens")
    p.add_argument("--no-devices", action="store_true", help="no virtual card, printer, scanner or keypad")
    p.add_argument("--no-kiosk", action="store_true", help="do not show the kiosk UI")
    p.set_defaults(func=run)


@dataclass
class Demo:
    data_dir: Path
    hub_http: str
    procs: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    agent_ports: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # staff login token per role
    cleanups: list[Callable[[], None]] = field(default_factory=list)  # in-process helpers to stop last

    def spawn(self, name: str, args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = open(self.data_dir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process
        # Own session: a terminal's Ctrl-C reaches only the demo, which then stops the parts in order.
        proc = subprocess.Popen(
            [sys.executable, "-m", "onestop.cli", *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
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
        while self.cleanups:
            self.cleanups.pop()()


def _agent_config(demo: Demo, device: str, kind: str, broker: DemoBroker, components: dict[str, Any]) -> Path:
    port = free_port()
    demo.agent_ports[device] = port
    path = demo.data_dir / f"{device}.yaml"
    config: dict[str, Any] = {
        "device_id": device,
        "site": SITE,
        "kind": kind,
        "broker": {"url": broker.url, **broker.device_login(device)},
        "data_dir": str(demo.data_dir / device),
        "api": {"host": "127.0.0.1", "port": port},
        "health_interval": 30,
        "components": components,
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


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


#: the demo's two devices: (device id, agent kind)
DEMO_DEVICES = (("kiosk-001", "kiosk"), ("counter-01", "counter"))


@dataclass(frozen=True)
class DemoBroker:
    """Where the demo's broker listens and the MQTT logins of the hub and of each device (None: anonymous)."""

    url: str
    logins: dict[str, tuple[str, str]] = field(default_factory=dict)  # "hub" or device id -> (user, password)
    note: str = ""

    def hub_env(self) -> dict[str, str]:
        if "hub" not in self.logins:
            return {}
        user, password = self.logins["hub"]
        return {"ONESTOP_HUB_BROKER_USERNAME": user, "ONESTOP_HUB_BROKER_PASSWORD": password}

    def device_login(self, device: str) -> dict[str, str]:
        if device not in self.logins:
            return {}
        user, password = self.logins[device]
        return {"username": user, "password": password}


@contextlib.contextmanager
def _broker(data_dir: Path) -> Iterator[DemoBroker]:
    """Mosquitto with the password file and ACL the hub generates for production (issue 13): every
    client logs in, each device reaches only its own topics, a session is bound to its login. Without
    Mosquitto on this machine, the embedded amqtt broker (anonymous, say so)."""
    if shutil.which("mosquitto") or Path("/usr/sbin/mosquitto").exists():
        with _secured_mosquitto(data_dir / "broker") as broker:
            yield broker
        return
    from onestop.embedded_broker import EmbeddedBroker

    embedded = EmbeddedBroker().start()
    try:
        yield DemoBroker(embedded.url, note="embedded amqtt, anonymous: install mosquitto for logins and ACL")
    finally:
        embedded.stop()


@contextlib.contextmanager
def _secured_mosquitto(workdir: Path) -> Iterator[DemoBroker]:
    from hub.provisioning.broker_auth import (
        DeviceGrant,
        ServiceAccount,
        hash_password,
        mosquitto_auth_config,
        new_password,
    )
    from hub.provisioning.broker_files import BrokerFiles
    from onestop.processes import Mosquitto
    from wire.codec import MAX_PAYLOAD_BYTES

    logins = {name: (name, new_password()) for name in ("onestop-hub-1", *(d for d, _ in DEMO_DEVICES))}
    files = BrokerFiles(workdir / "passwd", workdir / "acl")
    files.write(
        [DeviceGrant(d, hash_password(logins[d][1]), SITE, d) for d, _ in DEMO_DEVICES],
        [ServiceAccount("onestop-hub-1", hash_password(logins["onestop-hub-1"][1]))],
    )
    config = mosquitto_auth_config(
        str(files.password_path), str(files.acl_path), message_size_limit=MAX_PAYLOAD_BYTES
    )
    # As root, Mosquitto drops to user "mosquitto", which may not enter the data directory.
    run_as = "user root\n" if os.geteuid() == 0 else ""
    broker = Mosquitto(workdir=workdir, extra_config=run_as + config).start()
    try:
        yield DemoBroker(
            broker.url,
            {"hub": logins["onestop-hub-1"], **{d: logins[d] for d, _ in DEMO_DEVICES}},
            note=f"Mosquitto with the generated logins and ACL in {workdir}",
        )
    finally:
        broker.stop()


def _staff_tokens(db_url: str) -> list[tuple[str, str, str]]:
    """One account per role, so a newcomer can log in to every staff page; (name, role, token)."""
    tokens = []
    for name, role in STAFF:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "onestop.cli",
                "hub",
                "user",
                "add",
                name,
                "--role",
                role,
                "--db-url",
                db_url,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        token = next(
            (
                w
                for w in out.split()
                if len(w) >= 32 and w.isascii() and w.replace("-", "").replace("_", "").isalnum()
            ),
            out.strip(),
        )
        tokens.append((name, role, token))
    return tokens


def _start(
    args: argparse.Namespace, demo: Demo, devices: VirtualDevices | None, broker: DemoBroker
) -> list[str]:
    """Start hub and agents (and the kiosk UI); return the lines of the welcome banner."""
    from onestop.demo_post import LocalPost
    from onestop.demo_scenario import set_up_counter

    db_url = f"sqlite:///{demo.data_dir / 'hub.db'}"
    hub_url = f"http://{demo.hub_http}"
    hub_cmd = ["hub", "serve", "--db", db_url, "--broker", broker.url, "--http", demo.hub_http]
    post = LocalPost(demo.data_dir).start()
    demo.cleanups.append(post.stop)
    hub_env = {**post.hub_env(hub_url), **broker.hub_env()}
    hub = demo.spawn("hub", hub_cmd + (devices.hub_args() if devices else []), env=hub_env)
    _wait_http(f"{hub_url}/api/v1/health", hub, "the hub", demo.data_dir / "hub.log")
    tokens = _staff_tokens(db_url)
    demo.tokens = {role: token for _name, role, token in tokens}
    for device, kind, components in (
        ("kiosk-001", "kiosk", devices.kiosk_components() if devices else {}),
        ("counter-01", "counter", devices.counter_components() if devices else {}),
    ):
        config = _agent_config(demo, device, kind, broker, components)
        proc = demo.spawn(device, ["agent", "run", "--config", str(config)])
        status = f"http://127.0.0.1:{demo.agent_ports[device]}/v1/status"
        _wait_http(status, proc, device, demo.data_dir / f"{device}.log")
    kiosk_agent = f"http://127.0.0.1:{demo.agent_ports['kiosk-001']}"
    banner = [
        "OneStop demo is running. Open:",
        f"  staff pages        {hub_url}/   (log in with a token below)",
        f"  public progress    {hub_url}/progress",
        f"  HTTP API (OpenAPI) {hub_url}/docs",
        f"  devices            {hub_url}/api/v1/devices   (technician or supervisor token)",
        f"  kiosk agent API    {kiosk_agent}/v1/status",
        f"  counter agent API  http://127.0.0.1:{demo.agent_ports['counter-01']}/v1/status",
        f"  citizens' mail      {demo.data_dir / 'mail'} (.eml)  ·  SMS {demo.data_dir / 'sms.jsonl'}",
        "Staff logins (test accounts):",
        *(f"  {role:<11} {name:<15} {token}" for name, role, token in tokens),
    ]
    if not args.no_kiosk:  # before the card goes in, so a screenshot shows the welcome screen
        banner += _show_kiosk(demo, kiosk_agent)
    if devices is not None:
        banner += _devices_banner(demo, devices)
        if devices.keypad is not None:
            set_up_counter(hub_url, demo.tokens["supervisor"], SITE, "counter-01", "c01")
            banner.append(f"  rating keypad at counter c01; live alarms: {hub_url}/staff/ratings/dashboard")
    return banner


def _devices_banner(demo: Demo, devices: VirtualDevices) -> list[str]:
    from onestop.demo_scenario import open_case, return_documents

    lines = [*(f"  note: {n}" for n in devices.notes)]
    kiosk_port = demo.agent_ports["kiosk-001"]
    if devices.insert_card():
        c = devices.citizen
        lines.append(f"  citizen card inserted: {c['name']}, PIN {c['pin']} (test card)")
    if devices.printer is not None:
        password = open_case(kiosk_port, devices.returned_case, devices.citizen["name"])
        lines.append(f"  a kiosk case was filed: {devices.returned_case}, query password {password}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            lines.append(f"  {return_documents(kiosk_port)}")
    lines.append(f"  printed receipts are saved as PNG in {demo.data_dir / 'printed'}")
    if devices.a4_out is not None:
        lines.append(
            f"  documents printed at counter-01 (staff page 櫃檯工具) come out as PDF in {devices.a4_out}"
        )
    return lines


def _show_kiosk(demo: Demo, kiosk_agent: str) -> list[str]:
    from kiosk.launch import show_kiosk

    try:
        shown = show_kiosk(kiosk_agent, screenshot_dir=demo.data_dir, technician_code="2468")
    except (OSError, subprocess.SubprocessError) as exc:
        return [f"  kiosk UI not shown: {exc}"]
    if shown.process is not None:
        demo.procs.append(("kiosk", shown.process))
        return ["  kiosk UI: a window on your display (technician code 2468)"]
    return [f"  kiosk UI: no display here; its welcome screen is at {shown.screenshot}"]


def run(args: argparse.Namespace) -> int:
    from onestop.demo_devices import VirtualDevices
    from onestop.demo_scenario import counter_rating, kiosk_visit

    data_dir: Path = args.data_dir or Path(tempfile.mkdtemp(prefix="onestop-demo-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    host, _, port_text = args.http.rpartition(":")
    demo = Demo(data_dir=data_dir, hub_http=f"{host or '127.0.0.1'}:{int(port_text) or free_port()}")
    stop_requested = False

    def _on_signal(signum: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, _on_signal)
    print(f"demo: files and logs in {data_dir}", flush=True)
    devices = None if args.no_devices else VirtualDevices(data_dir)
    code = 0
    with _broker(data_dir) as broker:
        try:
            print(f"demo: MQTT broker at {broker.url} ({broker.note})", flush=True)
            if devices is not None:
                devices.start()
            banner = _start(args, demo, devices, broker)
            print("\n" + "\n".join(banner) + "\nPress Ctrl-C to stop.\n", flush=True)
            rng = random.Random()
            started = time.monotonic()
            next_citizen = started
            last_press = float("-inf")
            while not stop_requested and (not args.duration or time.monotonic() - started < args.duration):
                for name, proc in demo.procs:
                    if name != "kiosk" and proc.poll() is not None:
                        raise RuntimeError(
                            f"{name} stopped unexpectedly (code {proc.returncode}); see {data_dir / (name + '.log')}"
                        )
                if time.monotonic() >= next_citizen:
                    kiosk_port = demo.agent_ports["kiosk-001"]
                    # The keypad drops a repeat within 5 s as the same citizen's: space counter citizens out.
                    use_keypad = devices is not None and devices.keypad is not None
                    use_keypad = use_keypad and time.monotonic() - last_press > KEYPAD_SPACING
                    if use_keypad and devices:
                        line, last_press = (
                            counter_rating(
                                f"http://{demo.hub_http}", demo.tokens["counter"], SITE, devices.keypad, rng
                            ),
                            time.monotonic(),
                        )
                    else:
                        line = kiosk_visit(kiosk_port, rng)
                    print(f"demo: {line}", flush=True)
                    next_citizen = time.monotonic() + args.interval
                if devices is not None:
                    for path in devices.save_printed():
                        print(f"demo: the receipt printer cut a receipt: {path}", flush=True)
                time.sleep(0.1)
        except KeyboardInterrupt:
            pass
        except (RuntimeError, TimeoutError, OSError, subprocess.SubprocessError) as exc:
            print(f"demo: {exc}", file=sys.stderr)
            code = 1
        finally:
            print("demo: stopping kiosk, agents, hub and broker ...", flush=True)
            demo.stop()
            if devices is not None:
                devices.stop()
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
    if code == 0:
        print("demo: stopped cleanly")
    return code
