"""Hub ingest against the broker's own limit, two ways, in one run on one private Mosquitto.

(a) **live**: ``--devices`` Mosquitto C publishers (``mosquitto_pub -l -q 1``, one process per device, so
    the publisher is not what limits the stream) send ``--events`` each; the raw subscriber
    (``mosquitto_sub -q 1``, C) and then the hub (``onestop hub serve``, fresh database) take the stream;
    events/s from the first publish to the last event received / committed.
(b) **drain**: the consumer's persistent session is registered, the consumer goes offline, all events
    queue in the broker, then the consumer starts: ``mosquitto_sub -c`` (same filter, QoS 1) against the
    hub. The hub's figure counts from the moment its process is spawned (start-up included) until
    ``events`` holds every event; the time from its first stored event is printed beside it.

Both ratios hub/raw are printed. ``--hubs N`` drains with N hub processes in the shared subscription
(PostgreSQL only), which is the scale-out curve of ``docs/scaling.md``; every run checks exactly-once
(rows == distinct ids == events sent, no dead letters).

    .venv/bin/python benchmarks/ingest.py [--devices 20] [--events 2000] [--db sqlite|postgresql]
                                          [--hubs 1] [--only live|drain] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from hub.db.session import make_engine
from onestop.processes import Mosquitto, free_port
from wire import encode, make_envelope, topics
from wire.payloads.device import Birth
from wire.payloads.visits import KioskVisit

SITE = "bench"
#: ONESTOP_BENCH_PROFILE=DIR runs every hub under py-spy, collapsed stacks into DIR (see docs/scaling.md)
PROFILE_DIR = os.environ.get("ONESTOP_BENCH_PROFILE", "")
#: ONESTOP_BENCH_BASELINE=DIR runs the hub from that checkout instead (give --topic-version 1 for one
#: older than the v2 topics); the raw side and the stream are the same
BASELINE = os.environ.get("ONESTOP_BENCH_BASELINE", "")
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
_POLL_S = 0.01  # how often the benchmark counts the stored events
#: the broker may have this many QoS 1 messages in flight to one consumer (the hub acks after COMMIT,
#: so this bounds how much one commit can carry); deploy/mosquitto/onestop.conf uses the same
BROKER_CONFIG = "max_inflight_messages {inflight}\nmax_queued_messages 1000000\n"


class TooShortToTime(RuntimeError):
    """A stream so short that the hub stored all of it between two looks at the database."""


def _rate(events: int, seconds: float, what: str) -> float:
    """events / seconds, or TooShortToTime when ``seconds`` is zero (nothing to divide by, no figure)."""
    if seconds <= 0:
        raise TooShortToTime(
            f"{what}: all {events:,} events were stored between two polls of the database (every "
            f"{_POLL_S * 1000:.0f} ms), so there is no time to divide by; give a longer stream, "
            "e.g. --events 2000 per device (the default)"
        )
    return events / seconds


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: run scripts/setup (package mosquitto-clients)")
    return found


class Stream:
    """Births (retained) and per-device event files, one JSON envelope per line, made before timing."""

    def __init__(
        self, workdir: Path, devices: int, events: int, tag: str, version: int = topics.VERSION
    ) -> None:
        self.devices, self.events, self.total = devices, events, devices * events
        self.dir = workdir / f"stream-{tag}"
        self.dir.mkdir(parents=True)
        self.births: list[tuple[str, bytes]] = []
        self.files: list[tuple[str, Path]] = []
        for d in range(devices):
            device = f"{tag}-dev{d}"
            birth = make_envelope(
                Birth(kind="simulated", agent_version="bench"), device=device, session=1, seq=0
            )
            self.births.append((topics.state(SITE, device, version=version), encode(birth)))
            lines = []
            for i in range(1, events + 1):
                body = KioskVisit(
                    service="HR-01", seconds=30 + i % 60, outcome="completed", pages_printed=i % 3
                )
                lines.append(encode(make_envelope(body, device=device, session=1, seq=i % 256)))
            path = self.dir / f"{device}.jsonl"
            path.write_bytes(b"\n".join(lines) + b"\n")
            self.files.append((topics.event(SITE, device, KioskVisit.TYPE, version=version), path))

    def publish(self, port: int) -> list[subprocess.Popen[bytes]]:
        """Births first (and waited for), then one C publisher per device, all at once; returns them."""
        pub = _binary("mosquitto_pub")
        for topic, payload in self.births:
            subprocess.run(
                [pub, "-p", str(port), "-q", "1", "-r", "-t", topic, "-m", payload.decode()], check=True
            )
        procs = []
        for topic, path in self.files:
            cmd = [pub, "-p", str(port), "-q", "1", "-M", "1000", "-t", topic, "-l", "-i", f"pub-{path.stem}"]
            procs.append(subprocess.Popen(cmd, stdin=path.open("rb"), stderr=subprocess.DEVNULL))
        return procs


def _wait_all(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.wait(600) != 0:
            raise RuntimeError(f"mosquitto_pub exited with {p.returncode}")


def _event_filter() -> str:
    return next(f for f in topics.hub_subscriptions(legacy=False) if "/evt/" in f)


# -- the raw consumer -------------------------------------------------------------------------------------


def raw_live(broker: Mosquitto, stream: Stream) -> float:
    cmd = [_binary("mosquitto_sub"), "-p", str(broker.port), "-q", "1", "-t", _event_filter()]
    sub = subprocess.Popen([*cmd, "-C", str(stream.total)], stdout=subprocess.DEVNULL)
    time.sleep(0.5)  # connected and subscribed
    start = time.perf_counter()
    pubs = stream.publish(broker.port)
    sub.wait(600)
    elapsed = time.perf_counter() - start
    _wait_all(pubs)
    return stream.total / elapsed


def raw_drain(broker: Mosquitto, stream: Stream, client_id: str) -> tuple[float, float]:
    """(events/s, events per CPU-second of the subscriber)."""
    base = [_binary("mosquitto_sub"), "-p", str(broker.port), "-q", "1", "-c", "-i", client_id]
    subprocess.run([*base, "-t", _event_filter(), "-E"], check=True)  # register the session, go offline
    _wait_all(stream.publish(broker.port))
    start = time.perf_counter()
    sub = subprocess.Popen([*base, "-t", _event_filter(), "-C", str(stream.total)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(sub.pid, 0)
    elapsed = time.perf_counter() - start
    sub.returncode = os.waitstatus_to_exitcode(status)
    if sub.returncode != 0:
        raise RuntimeError(f"mosquitto_sub failed ({sub.returncode})")
    return stream.total / elapsed, stream.total / max(usage.ru_utime + usage.ru_stime, 1e-6)


# -- the hub ----------------------------------------------------------------------------------------------


class Hub:
    def __init__(self, db_url: str, broker: Mosquitto, workdir: Path, instance: str, shared: bool) -> None:
        self.port = free_port()
        self.instance = instance
        self.log = workdir / f"{instance}.log"
        self.cmd = [
            sys.executable,
            "-m",
            "onestop.cli",
            "hub",
            "serve",
            "--db",
            db_url,
            "--broker",
            broker.url,
        ]
        self.cmd += ["--http", f"127.0.0.1:{self.port}", "--instance", instance]
        self.cmd += ["--shared"] if shared else []
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "ONESTOP_HUB_DEMO": "true",
        }  # a throwaway hub: the demo ID keys are fine here
        if BASELINE:  # the hub of another checkout (e.g. main before this work), same machine, same hour
            self.env["PYTHONPATH"] = BASELINE

    def spawn(self) -> Hub:
        cmd = self.cmd
        if PROFILE_DIR:  # sample the hub with py-spy (collapsed stacks, every thread) while it ingests
            out_file = Path(PROFILE_DIR) / f"{self.log.stem}-{time.time_ns()}.txt"
            spy = ["py-spy", "record", "-r", "250", "--nonblocking", "--threads", "-f", "raw"]
            spy += ["-o", str(out_file)]
            cmd = [*spy, "--", *cmd]  # --nonblocking: sampling does not pause the hub (it did, 4x slower)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=BASELINE or None
            )
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            logged = self.log.read_text(errors="replace")
            if "listening on" in logged and "connected to" in logged:
                return
            if (self.proc and self.proc.poll() is not None) or time.monotonic() > deadline:
                raise RuntimeError(f"hub did not start:\n{logged[-3000:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT if PROFILE_DIR else signal.SIGTERM)  # py-spy writes on SIGINT
            self.proc.wait(60)
        self.log.write_text("")  # the next start waits for its own lines

    def forget_session(self, broker: Mosquitto) -> None:
        """End this instance's persistent session. A stopped hub's session stays a member of the shared
        subscription, and the broker keeps queueing its share of the stream for it: retire an instance
        this way (a clean-session connect with its client id), or start it again."""
        client_id = f"onestop-{self.instance}"  # hub.core.config.Settings.mqtt_client_id
        cmd = [_binary("mosquitto_sub"), "-p", str(broker.port), "-i", client_id, "-t", "onestop/x", "-E"]
        subprocess.run(cmd, check=True, timeout=30)

    def cpu(self) -> float:
        """CPU seconds the hub process used so far (user + system), from /proc."""
        if self.proc is None or PROFILE_DIR:
            return 0.0
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def ingest(self) -> dict[str, Any]:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/health", timeout=5) as resp:
            result: dict[str, Any] = json.load(resp)["ingest"]
            return result


def _counts(engine: Any) -> tuple[int, int, int]:
    with engine.connect() as conn:
        rows, distinct = conn.execute(text("SELECT count(*), count(DISTINCT id) FROM events")).one()
        dead = conn.execute(text("SELECT count(*) FROM dead_letters")).scalar() or 0
        return int(rows), int(distinct), int(dead)


def _wait_stored(
    engine: Any, total: int, start: float, hubs: tuple[Hub, ...] = (), base: int = 0
) -> tuple[float, float, float]:
    """(seconds from ``start`` to all stored, seconds from the first stored event to all stored, the hubs'
    CPU seconds in between)."""
    first = None
    cpu_at_connect: dict[int, float] = {}  # a hub's CPU once it connected: its imports are not ingest
    while True:
        count = _counts(engine)[0]
        now = time.perf_counter()
        for n, h in enumerate(hubs):
            if n not in cpu_at_connect and "connected to" in h.log.read_text(errors="replace"):
                cpu_at_connect[n] = h.cpu()
        if count > base and first is None:
            first = now
        if count >= total:
            cpu = sum(h.cpu() - cpu_at_connect.get(n, 0.0) for n, h in enumerate(hubs))
            return now - start, now - (first or start), cpu
        for h in hubs:  # a hub that died (e.g. its HTTP port taken meanwhile) will store nothing more
            if h.proc is not None and h.proc.poll() is not None:
                logged = h.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(
                    f"hub exited ({h.proc.returncode}) after storing {count} of {total}:\n{logged}"
                )
        if now - start > 900:
            raise RuntimeError(f"hub stored {count} of {total}")
        time.sleep(_POLL_S)


def _check_once(engine: Any, expected: int) -> None:
    rows, distinct, dead = _counts(engine)
    if (rows, distinct, dead) != (expected, expected, 0):
        raise RuntimeError(
            f"exactly-once broken: {rows} rows, {distinct} ids, {dead} dead letters, sent {expected}"
        )


def hub_live(
    broker: Mosquitto, db_url: str, stream: Stream, workdir: Path, hubs: int = 1
) -> tuple[float, float, list[dict[str, Any]]]:
    """(events/s, events per hub CPU-second, each hub's ingest counters) with ``hubs`` warm hubs."""
    procs = [Hub(db_url, broker, workdir, f"bench-live-{n}", shared=hubs > 1).spawn() for n in range(hubs)]
    engine = make_engine(db_url)
    try:
        for h in procs:
            h.wait_ready()
        time.sleep(0.3)
        cpu0 = [h.cpu() for h in procs]
        start = time.perf_counter()
        pubs = stream.publish(broker.port)
        elapsed, _, _ = _wait_stored(engine, stream.total, start)
        cpu = sum(h.cpu() - c for h, c in zip(procs, cpu0, strict=True))
        _wait_all(pubs)
        _check_once(engine, stream.total)
        rate = _rate(stream.total, elapsed, "live")
        return rate, (stream.total / cpu if cpu else 0.0), [h.ingest() for h in procs]
    finally:
        for h in procs:
            h.stop()
            h.forget_session(broker)
        engine.dispose()


def hub_drain(
    broker: Mosquitto, db_url: str, stream: Stream, workdir: Path, hubs: int
) -> tuple[float, float, float, list[dict[str, Any]]]:
    """(events/s from spawn, events/s from the first stored event, events per hub CPU-second after the
    first stored event, each hub's ingest counters)."""
    shared = hubs > 1
    procs = [Hub(db_url, broker, workdir, f"bench-drain-{n}", shared) for n in range(hubs)]
    rate, from_first, per_cpu, _, ingests = drain(procs, broker, db_url, stream)
    return rate, from_first, per_cpu, ingests


def drain(
    procs: list[Any], broker: Any, db_url: str, stream: Stream
) -> tuple[float, float, float, float, list[dict[str, Any]]]:
    """Register the hubs' sessions (spawn once, stop), publish the stream while they are away, spawn them
    again and wait until every event is stored once: (events/s from spawn, events/s from the first stored
    event, events per hub CPU-second after it, publish events/s, each hub's ingest counters). ``procs`` are
    ``Hub``-like (spawn, wait_ready, stop, ingest, cpu); ``broker`` anything with a ``port``."""
    engine = make_engine(db_url)
    try:
        for h in procs:  # register the persistent sessions (and create the schema), then go offline
            h.spawn().wait_ready()
        time.sleep(0.3)
        for h in procs:
            h.stop()
        before = _counts(engine)[0]
        published_at = time.perf_counter()
        _wait_all(stream.publish(broker.port))
        published = stream.total / (time.perf_counter() - published_at)
        start = time.perf_counter()
        for h in procs:
            h.spawn()
        elapsed, from_first, cpu = _wait_stored(engine, before + stream.total, start, tuple(procs), before)
        _check_once(engine, before + stream.total)
        for h in procs:
            h.wait_ready()
        per_cpu = stream.total / cpu if cpu else 0.0
        return (
            _rate(stream.total, elapsed, "drain from spawn"),
            _rate(stream.total, from_first, "drain from the hub's first stored event"),
            per_cpu,
            published,
            [h.ingest() for h in procs],
        )
    finally:
        for h in procs:
            h.stop()
        engine.dispose()


# -- databases --------------------------------------------------------------------------------------------


def fresh_database(kind: str, workdir: Path, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'{name}.db'}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{PG_SERVER}/{name}"


def drop_database(url: str) -> None:
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1]
        admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="onestop-bench-"))
    result: dict[str, Any] = {"devices": args.devices, "events": args.devices * args.events, "db": args.db}
    config = BROKER_CONFIG.format(inflight=args.inflight)
    with Mosquitto(workdir=workdir / "mosquitto", extra_config=config) as broker:
        if args.only in (None, "live"):
            raw = raw_live(broker, Stream(workdir, args.devices, args.events, "rl"))
            db = fresh_database(args.db, workdir, "onestop_bench_live")
            try:
                stream = Stream(workdir, args.devices, args.events, "hl", args.topic_version)
                hub, hub_cpu, ingests = hub_live(broker, db, stream, workdir, args.hubs)
            finally:
                drop_database(db)
            result["live"] = {
                "raw": round(raw),
                "hub": round(hub),
                "ratio": round(hub / raw, 3),
                "hub_per_cpu_s": round(hub_cpu),
                "hubs": args.hubs,
                "per_hub": [i["received"] for i in ingests],
                "per_batch": [round(i["received"] / max(i["batches"], 1)) for i in ingests],
            }
        if args.only in (None, "drain"):
            raw, raw_cpu = raw_drain(
                broker, Stream(workdir, args.devices, args.events, "rd"), "bench-raw-drain"
            )
            db = fresh_database(args.db, workdir, "onestop_bench_drain")
            try:
                stream = Stream(workdir, args.devices, args.events, "hd", args.topic_version)
                hub, hub_steady, hub_cpu, ingests = hub_drain(broker, db, stream, workdir, args.hubs)
            finally:
                drop_database(db)
            result["drain"] = {
                "raw": round(raw),
                "hub": round(hub),
                "hub_from_first_event": round(hub_steady),
                "ratio": round(hub / raw, 3),
                "ratio_from_first_event": round(hub_steady / raw, 3),
                "raw_per_cpu_s": round(raw_cpu),
                "hub_per_cpu_s": round(hub_cpu),
                "hubs": args.hubs,
                "per_hub": [i["received"] for i in ingests],
                "per_batch": [round(i["received"] / max(i["batches"], 1)) for i in ingests],
            }
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--devices", type=int, default=20, help="publishers (one C process each)")
    parser.add_argument("--events", type=int, default=2000, help="events per device")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--hubs", type=int, default=1, help="hub processes draining (shared subscription)")
    parser.add_argument("--only", choices=["live", "drain"])
    parser.add_argument(
        "--topic-version", type=int, choices=[1, 2], default=2, help="topics the hub's stream uses"
    )
    parser.add_argument(
        "--inflight",
        type=int,
        default=2000,
        help="the broker's max_inflight_messages (deploy/mosquitto: 2000; was 1000, before that 100)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.hubs > 1 and args.db == "sqlite":
        parser.error("--hubs > 1 needs --db postgresql (SQLite has one writer)")
    try:
        result = run(args)
    except TooShortToTime as exc:
        print(f"benchmarks/ingest.py: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"stream: {result['events']} events from {args.devices} devices, QoS 1, private Mosquitto; db {args.db}"
    )
    if "live" in result:
        r = result["live"]
        print(
            f"(a) live   raw mosquitto_sub {r['raw']:>8,} ev/s   hub {r['hub']:>8,} ev/s   ratio {r['ratio']:.3f}"
            f"   ({r['hubs']} warm hub(s); {r['hub_per_cpu_s']:,} ev per hub CPU-second; per hub {r['per_hub']},"
            f" msgs/batch {r['per_batch']})"
        )
    if "drain" in result:
        r = result["drain"]
        print(
            f"(b) drain  raw mosquitto_sub {r['raw']:>8,} ev/s   hub {r['hub']:>8,} ev/s   ratio {r['ratio']:.3f}"
            f"   ({args.hubs} hub(s), start-up included)\n"
            f"           from the hub's first stored event: {r['hub_from_first_event']:,} ev/s, ratio"
            f" {r['ratio_from_first_event']:.3f}; per hub {r['per_hub']}, msgs/batch {r['per_batch']}\n"
            f"           per CPU-second (load-independent): raw {r['raw_per_cpu_s']:,} ev, hub"
            f" {r['hub_per_cpu_s']:,} ev (all hubs together)"
        )
    print("exactly-once checked: rows == distinct ids == events sent, no dead letters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
