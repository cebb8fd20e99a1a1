"""Hub ingest throughput against the raw broker, measured in the same run on the same private Mosquitto.

1. raw: a do-nothing subscriber (``mosquitto_sub``, QoS 1, the hub's event filter) receives the stream;
   events/s from the first publish to the last message received.
2. hub: ``onestop hub serve`` (a real process, fresh database) stores the same stream; events/s from the
   first publish until ``events`` holds every one (each stored, committed and acknowledged).

The stream is ``--devices`` simulated devices x ``--events`` each, published at QoS 1 as fast as a
separate publisher process can. Raw and hub phases alternate ``--rounds`` times so both see the same
background load; prints the medians and their ratio (target: ratio >= 0.5 and >= 3,000 events/s on SQLite).

    .venv/bin/python benchmarks/ingest.py [--devices 20] [--events 1000] [--rounds 2] [--db URL] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import text

from hub.db.session import make_engine
from onestop.processes import Mosquitto, free_port
from wire import encode, make_envelope, topics
from wire.payloads.device import Birth
from wire.payloads.visits import KioskVisit

SITE = "bench"


def _stream(devices: int, events: int) -> list[tuple[str, bytes]]:
    """Births, then the devices' events interleaved, each with its own session and seq like an agent."""
    messages = []
    for d in range(devices):
        birth = make_envelope(
            Birth(kind="simulated", agent_version="bench"), device=f"dev{d}", session=1, seq=0
        )
        messages.append((topics.state(SITE, f"dev{d}"), encode(birth)))
    for i in range(1, events + 1):
        for d in range(devices):
            body = KioskVisit(service="HR-01", seconds=30 + i % 60, outcome="completed", pages_printed=i % 3)
            env = make_envelope(body, device=f"dev{d}", session=1, seq=i % 256)
            messages.append((topics.event(SITE, f"dev{d}", body.TYPE), encode(env)))
    return messages


def _publish(port: int, devices: int, events: int, ready: Any, go: Any) -> None:
    """Runs in its own process: build the stream, wait for the signal, publish everything at QoS 1."""
    messages = _stream(devices, events)
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-publisher")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    ready.set()
    go.wait()
    infos = [
        client.publish(topic, payload, qos=1, retain=topic.endswith("/state")) for topic, payload in messages
    ]
    for info in infos:
        info.wait_for_publish(120)
    client.disconnect()
    client.loop_stop()


def _run_publisher(port: int, devices: int, events: int) -> tuple[mp.Process, Any]:
    ctx = mp.get_context("spawn")
    ready, go = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_publish, args=(port, devices, events, ready, go), daemon=True)
    proc.start()
    if not ready.wait(60):
        raise RuntimeError("publisher did not start")
    return proc, go


def measure_raw(broker: Mosquitto, devices: int, events: int) -> float:
    """Mosquitto's own C client as the do-nothing subscriber (QoS 1), so Python is not what limits it."""
    total = devices * events
    binary = shutil.which("mosquitto_sub")
    if binary is None:
        raise RuntimeError("mosquitto_sub is not installed: run scripts/setup (package mosquitto-clients)")
    event_filter = next(f for f in topics.hub_subscriptions() if "/evt/" in f)
    cmd = [binary, "-h", "127.0.0.1", "-p", str(broker.port), "-q", "1", "-t", event_filter, "-C", str(total)]
    sub = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.5)  # connected and subscribed
    proc, go = _run_publisher(broker.port, devices, events)
    start = time.perf_counter()
    go.set()
    try:
        sub.wait(300)
    except subprocess.TimeoutExpired:
        sub.kill()
        raise RuntimeError("the raw subscriber did not get every event in 300 s") from None
    elapsed = time.perf_counter() - start
    proc.join(30)
    if sub.returncode != 0:
        raise RuntimeError(f"mosquitto_sub failed: {sub.stderr.read().decode() if sub.stderr else ''}")
    return total / elapsed


def _stored(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM events")).scalar() or 0)


def measure_hub(
    broker: Mosquitto, db_url: str, devices: int, events: int, workdir: Path
) -> tuple[float, str]:
    total = devices * events
    log = workdir / "hub.log"
    port = free_port()
    cmd = [sys.executable, "-m", "onestop.cli", "hub", "serve", "--db", db_url, "--broker", broker.url]
    cmd += ["--http", f"127.0.0.1:{port}", "--instance", "bench-hub"]
    with log.open("wb") as out:
        env = {**os.environ, "ONESTOP_HUB_DEMO": "true"}  # a throwaway hub: the demo ID keys are fine here
        hub = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while "listening on" not in log.read_text(errors="replace"):
            if hub.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"hub did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.05)
        time.sleep(0.5)
        engine = make_engine(db_url)
        proc, go = _run_publisher(broker.port, devices, events)
        start = time.perf_counter()
        go.set()
        while (count := _stored(engine)) < total:
            if time.perf_counter() - start > 300:
                raise RuntimeError(f"hub stored {count} of {total}")
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        proc.join(30)
        engine.dispose()
        with __import__("urllib.request").request.urlopen(f"http://127.0.0.1:{port}/api/v1/health") as resp:
            ingest = json.load(resp)["ingest"]
        batches = (
            f"{ingest['batches']} batches, {ingest['received'] / max(ingest['batches'], 1):.0f} msgs/batch"
        )
        return total / elapsed, batches
    finally:
        hub.terminate()
        hub.wait(20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--events", type=int, default=1000, help="events per device")
    parser.add_argument("--rounds", type=int, default=2, help="raw and hub alternate this many times")
    parser.add_argument("--db", help="database URL for the hub (default: a fresh SQLite file per round)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="onestop-bench-"))
    raws: list[float] = []
    hubs: list[float] = []
    batching = ""
    with Mosquitto(workdir=workdir / "mosquitto") as broker:
        for n in range(args.rounds):  # alternate, so both see the same background load on a shared machine
            raws.append(measure_raw(broker, args.devices, args.events))
            db_url = args.db or f"sqlite:///{workdir / f'hub-{n}.db'}"
            rate, batching = measure_hub(broker, db_url, args.devices, args.events, workdir)
            hubs.append(rate)
            if args.db:
                break  # a given database is not fresh for a second round
    total = args.devices * args.events
    raw, hub = statistics.median(raws), statistics.median(hubs)
    database = (args.db or "sqlite").split(":", 1)[0]
    result = {
        "events": total,
        "database": database,
        "raw_events_per_s": round(raw),
        "hub_events_per_s": round(hub),
        "ratio": round(hub / raw, 3),
        "rounds": {"raw": [round(r) for r in raws], "hub": [round(h) for h in hubs]},
        "batching": batching,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"stream:            {total} events from {args.devices} devices, QoS 1, private Mosquitto")
        print(f"raw subscriber:    {raw:10,.0f} events/s received   (rounds: {result['rounds']['raw']})")
        print(
            f"hub ({database}):{' ' * (12 - len(database))}{hub:10,.0f} events/s stored     (rounds: {result['rounds']['hub']}; {batching})"
        )
        print(
            f"ratio hub/raw:     {hub / raw:10.2f}   (medians; target >= 0.5 and >= 3,000 events/s on SQLite)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
