"""10,000 devices on one box: all connected, the broker SIGKILLed and restarted, time until every device is
re-born at the hub and every event queued meanwhile is stored once.

Real parts: a private Mosquitto (persistence off, so the kill loses every session and retained message),
``onestop hub serve`` (SQLite or a fresh PostgreSQL database), ``onestop simulate fleet`` (sharded over
processes by the descriptor limit, each device its own durable outbox). The fleet produces ``--events``
per device at ``--rate`` over the whole run, so events keep queueing in the outboxes while the broker is
down. Prints: seconds until all devices were first online at the hub; the raw broker's restart (port
open); seconds from the restart until every device's new session (birth) is in the hub's table (target
<= 60 s); seconds until every event is stored; exactly-once (rows == distinct ids == produced); the hub's
resident memory; the fleet page's load time at that size (one page of it, as staff see it).

    .venv/bin/python benchmarks/fleet_rebirth.py [--devices 10000] [--events 3] [--db sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from hub.db.session import make_engine
from onestop.processes import Mosquitto, free_port, wait_for_port

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.ingest import drop_database, fresh_database

ONESTOP = [sys.executable, "-m", "onestop.cli"]


def _scalar(engine: Any, sql: str, **params: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)


def _wait(what: str, predicate: Any, timeout: float, fleet: subprocess.Popen[str] | None = None) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        if fleet is not None and fleet.poll() is not None and fleet.returncode != 0:
            raise RuntimeError(f"fleet exited with {fleet.returncode} while waiting for {what}")
        time.sleep(0.1)
    return time.perf_counter() - start


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="onestop-rebirth-"))
    db_url = fresh_database(args.db, workdir, "onestop_bench_rebirth")
    engine = make_engine(db_url)
    broker = Mosquitto(workdir=workdir / "broker", extra_config="max_connections -1\n").start()
    token = _technician_token(db_url)
    port = free_port()
    hub_log = (workdir / "hub.log").open("wb")
    hub = subprocess.Popen(
        [*ONESTOP, "hub", "serve", "--db", db_url, "--broker", broker.url, "--http", f"127.0.0.1:{port}"],
        env={
            **os.environ,
            "ONESTOP_HUB_DEMO": "true",  # a throw-away hub: the demo keys are allowed
            # the simulator's devices are never claimed: unknown devices, beyond the default cap of 1,000
            "ONESTOP_HUB_MAX_UNKNOWN_DEVICES": str(max(1000, args.devices)),
        },
        stdout=hub_log,
        stderr=subprocess.STDOUT,
    )
    total = args.devices * args.events
    fleet = None
    try:
        wait_for_port("127.0.0.1", port, 120)
        cmd = [*ONESTOP, "simulate", "fleet", "--broker", broker.url, "--devices", str(args.devices)]
        cmd += ["--events", str(args.events), "--data-dir", str(workdir / "fleet"), "--rate", str(args.rate)]
        cmd += ["--timeout", str(args.timeout)]
        fleet = subprocess.Popen(
            cmd, stdout=(workdir / "fleet.log").open("w"), stderr=subprocess.STDOUT, text=True
        )
        online = "SELECT count(*) FROM devices WHERE online"
        first_online = _wait(
            "all devices online", lambda: _scalar(engine, online) >= args.devices, 600, fleet
        )
        stored_before = _scalar(engine, "SELECT count(*) FROM events")
        broker.kill()
        killed_ms = time.time_ns() // 1_000_000
        time.sleep(args.down)
        restart = time.perf_counter()
        broker.start()
        reborn_sql = "SELECT count(*) FROM devices WHERE online AND birth_at >= :t"
        rebirth = _wait(
            "all devices re-born",
            lambda: _scalar(engine, reborn_sql, t=killed_ms) >= args.devices,
            600,
            fleet,
        )
        if fleet.wait(args.timeout) != 0:
            raise RuntimeError(f"fleet failed: {(workdir / 'fleet.log').read_text()[-2000:]}")
        stored = time.perf_counter() - restart
        rows = _scalar(engine, "SELECT count(*) FROM events")
        distinct = _scalar(engine, "SELECT count(DISTINCT id) FROM events")
        dead = _scalar(engine, "SELECT count(*) FROM dead_letters")
        if (rows, distinct, dead) != (total, total, 0):
            raise RuntimeError(
                f"exactly-once broken: {rows} rows, {distinct} ids, {dead} dead letters, {total} sent"
            )
        memory = rss_mib(hub.pid)
        page_s = _fleet_page_seconds(port, token)
        return {
            "devices": args.devices,
            "events": total,
            "db": args.db,
            "first_all_online_s": round(first_online, 1),
            "stored_before_kill": stored_before,
            "broker_down_s": args.down,
            "rebirth_s": round(rebirth, 1),
            "all_stored_after_restart_s": round(stored, 1),
            "exactly_once": True,
            "hub_rss_mib": round(memory),
            "fleet_page_s": page_s,
        }
    finally:
        if fleet is not None and fleet.poll() is None:
            fleet.kill()
        hub.terminate()
        hub.wait(30)
        broker.stop()
        engine.dispose()
        drop_database(db_url)


def _technician_token(db_url: str) -> str:
    """A staff login for the fleet page, made before the hub starts (nothing else writes the database yet)."""
    made = subprocess.run([*ONESTOP, "hub", "user", "add", "bench.tech", "--role", "technician", "--db-url", db_url],
                          env={**os.environ, "ONESTOP_HUB_DEMO": "true"}, capture_output=True, text=True,
                          check=True, timeout=300)  # fmt: skip
    return made.stdout.strip().splitlines()[-1]


def _fleet_page_seconds(port: int, token: str) -> float:
    """Seconds to fetch the fleet's first page over HTTP as a technician sees it."""
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/devices?limit=100", headers={"Authorization": f"Bearer {token}"}
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as resp:
        resp.read()
    return round(time.perf_counter() - start, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=3, help="events per device, produced over the run")
    parser.add_argument("--rate", type=float, default=300.0, help="events per second over the whole fleet")
    parser.add_argument("--down", type=float, default=3.0, help="seconds the broker stays dead")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"{result['devices']} devices, {result['events']} events, hub on {args.db}, broker SIGKILLed for {args.down} s"
    )
    print(f"  all online at the hub (first connect):   {result['first_all_online_s']:8.1f} s")
    print(f"  all re-born at the hub after restart:    {result['rebirth_s']:8.1f} s   (target <= 60 s)")
    print(f"  every event stored once, after restart:  {result['all_stored_after_restart_s']:8.1f} s")
    print(f"  hub resident memory:                     {result['hub_rss_mib']:8} MiB")
    print(f"  fleet API first page (100 devices):      {result['fleet_page_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
