"""10,000 devices on one box: all connected, the broker SIGKILLed and restarted, time until every device is
re-born at the hub and every event queued meanwhile is stored once.

Real parts: a private Mosquitto (persistence off, so the kill loses every session and retained message),
``onestop hub serve`` (SQLite or a fresh PostgreSQL database), ``onestop simulate fleet`` (sharded over
processes by the descriptor limit, each device its own durable outbox). The fleet produces ``--events``
per device at ``--rate`` over the whole run, so events keep queueing in the outboxes while the broker is
down (the run fails if every event was stored before the kill: lower ``--rate``). Prints: seconds until all
devices were first online at the hub; the raw broker's restart (spawn to port open, the comparison);
seconds from the restart until every device's new session (birth) is in the hub's table (target <= 60 s);
seconds until every event is stored; exactly-once (rows == distinct ids == produced); the hub's resident
memory (now and peak); the staff fleet page's load time at that size (``/provisioning/fleet``, 100 devices a
page, as a technician opens it, and the devices API's first page); the load average before and after.

    .venv/bin/python benchmarks/fleet_rebirth.py [--devices 10000] [--events 3] [--db sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import signal
import statistics
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


def _wait_both(
    reborn: Any, caught_up: Any, since: float, fleet: subprocess.Popen[str]
) -> tuple[float, float]:
    """Seconds from ``since`` until each predicate first held (polled together every 0.1 s)."""
    times: list[float | None] = [None, None]
    while None in times:
        now = time.perf_counter() - since
        for k, predicate in enumerate((reborn, caught_up)):
            if times[k] is None and predicate():
                times[k] = now
        if now > 600:
            raise RuntimeError(f"not all re-born and caught up within 600 s: {times}")
        if fleet.poll() is not None and fleet.returncode != 0:
            raise RuntimeError(f"fleet exited with {fleet.returncode} after the restart")
        time.sleep(0.1)
    return times[0] or 0.0, times[1] or 0.0


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of ``pid`` in MiB (``VmHWM``: its peak so far)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _kill_fleet(fleet: subprocess.Popen[str]) -> None:
    """SIGKILL the simulator and its shard processes (it runs in its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(fleet.pid, signal.SIGKILL)
    fleet.wait(30)


def run(args: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg()
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
        fleet_started = time.perf_counter()
        fleet = subprocess.Popen(
            cmd,
            stdout=(workdir / "fleet.log").open("w"),
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: _kill_fleet reaches the shards too
        )
        online = "SELECT count(*) FROM devices WHERE online"
        first_online = _wait(
            "all devices online", lambda: _scalar(engine, online) >= args.devices, 600, fleet
        )
        stored_before = _scalar(engine, "SELECT count(*) FROM events")
        if stored_before >= total:
            raise RuntimeError(
                f"all {total} events were stored before the broker kill: nothing queued across it; lower --rate"
            )
        broker.kill()
        killed_ms = time.time_ns() // 1_000_000
        time.sleep(args.down)
        restart = time.perf_counter()
        broker.start()
        raw_restart = time.perf_counter() - restart
        reborn_sql = "SELECT count(*) FROM devices WHERE online AND birth_at >= :t"
        # every event produced before the restart (the fleet produces at --rate from its start; counting
        # from the Popen over-estimates by the simulator's start-up, so this figure errs long)
        backlog = min(total, math.ceil(args.rate * (restart - fleet_started)))
        rebirth, caught_up = _wait_both(
            lambda: _scalar(engine, reborn_sql, t=killed_ms) >= args.devices,
            lambda: _scalar(engine, "SELECT count(*) FROM events") >= backlog,
            restart,
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
        memory, peak = rss_mib(hub.pid), rss_mib(hub.pid, "VmHWM")
        page_first, page_median = _page_seconds(port, token, "/provisioning/fleet")
        api_first, api_median = _page_seconds(port, token, "/api/v1/devices?limit=100")
        return {
            "devices": args.devices,
            "events": total,
            "db": args.db,
            "first_all_online_s": round(first_online, 1),
            "stored_before_kill": stored_before,
            "broker_down_s": args.down,
            "raw_broker_restart_s": round(raw_restart, 3),
            "rebirth_s": round(rebirth, 1),
            "backlog_at_restart": backlog,
            "backlog_stored_s": round(caught_up, 1),
            "all_stored_after_restart_s": round(stored, 1),
            "exactly_once": True,
            "hub_rss_mib": round(memory),
            "hub_peak_rss_mib": round(peak),
            "fleet_page_first_s": page_first,
            "fleet_page_median_s": page_median,
            "devices_api_first_s": api_first,
            "devices_api_median_s": api_median,
            "load_before": [round(x, 1) for x in load_before],
            "load_after": [round(x, 1) for x in os.getloadavg()],
        }
    finally:
        if fleet is not None:
            _kill_fleet(fleet)
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


def _page_seconds(port: int, token: str, path: str, times: int = 5) -> tuple[float, float]:
    """Seconds to fetch ``path`` over HTTP as a signed-in technician: the first fetch and the median of
    ``times`` (the fleet page reloads itself every 5 s while it is open)."""
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"}
    )
    took = []
    for _ in range(times):
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as resp:
            body = resp.read()
        took.append(time.perf_counter() - start)
        if resp.status != 200 or not body:
            raise RuntimeError(f"{path}: HTTP {resp.status}")
    return round(took[0], 3), round(statistics.median(took), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=3, help="events per device, produced over the run")
    parser.add_argument(
        "--rate",
        type=float,
        default=100.0,
        help="events per second over the whole fleet (low enough that production outlasts the first connect)",
    )
    parser.add_argument("--down", type=float, default=3.0, help="seconds the broker stays dead")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result))
        return 0
    r = result
    print(
        f"{r['devices']} devices, {r['events']} events, hub on {args.db}, broker SIGKILLed for {args.down} s"
    )
    print(f"  load average before / after:             {r['load_before']} / {r['load_after']}")
    print(f"  all online at the hub (first connect):   {r['first_all_online_s']:8.1f} s")
    print(f"  events stored before the kill:           {r['stored_before_kill']:8} of {r['events']}")
    print(f"  raw broker restart (spawn to port open): {r['raw_broker_restart_s']:8.3f} s")
    print(
        f"  all re-born at the hub after restart:    {r['rebirth_s']:8.1f} s   (target <= 60 s; "
        f"x{r['rebirth_s'] / max(r['raw_broker_restart_s'], 1e-3):.0f} the raw restart)"
    )
    print(
        f"  the {r['backlog_at_restart']} events produced before the restart stored: "
        f"{r['backlog_stored_s']:.1f} s after it"
    )
    print(
        f"  every event stored once (production ends), after restart: {r['all_stored_after_restart_s']:.1f} s"
    )
    print(f"  hub resident memory (now / peak):        {r['hub_rss_mib']:8} / {r['hub_peak_rss_mib']} MiB")
    print(
        f"  staff fleet page (100 devices):          {r['fleet_page_first_s']} s first, "
        f"{r['fleet_page_median_s']} s median of 5"
    )
    print(
        f"  devices API first page (100 devices):    {r['devices_api_first_s']} s first, "
        f"{r['devices_api_median_s']} s median of 5"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
