"""Fleet simulator: N virtual devices in one process, each a real MQTT client with its own durable outbox.

All devices share one NetLoop (one selector thread), so thousands fit in a process. The run ends only
when every outbox is drained, i.e. the hub acknowledged every event; or with an error at the timeout.
"""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from edge_agent.mqtt_session import DeviceSession, SessionHooks, SessionSettings
from edge_agent.netloop import NetLoop
from edge_agent.outbox import Outbox
from wire import DeviceKind
from wire.broker import MqttProtocol, parse_broker_url
from wire.payloads.visits import KioskVisit

if TYPE_CHECKING:
    from edge_agent.forms_library.fleet import SimLibrary

SITE = "sim"
_SERVICES = ("HR-CERT", "TAX-01", "LAND-REG", "KG-ENROL", None)
_OUTCOMES = ("completed", "completed", "completed", "abandoned", "timed_out")


class FleetTimeout(RuntimeError):
    """The hub did not acknowledge every event in time."""


@dataclass(frozen=True, slots=True)
class FleetOptions:
    broker_url: str
    devices: int
    events: int
    data_dir: Path
    rate: float | None = None  # events per second over the whole fleet; None = all at once
    timeout: float = 300.0
    window: int = 500
    ack_timeout: float = 3.0
    protocol: MqttProtocol = MqttProtocol.V311
    seed: int = 1
    topic_version: int = 2
    first: int = 1  # number of the first device (sim-00001); several fleets side by side use disjoint ranges
    forms: bool = False  # each device keeps a forms library cache in data_dir/forms/ in step with the hub
    # produce nothing until every device of this process is online; the rate's clock starts then, so a fleet
    # that connects slowly (a loaded machine, thousands of devices) still spreads its events over the same
    # window after connecting instead of having used it up while connecting
    wait_online: bool = False

    def __post_init__(self) -> None:
        parse_broker_url(self.broker_url)
        if not 1 <= self.devices <= 99_999:
            raise ValueError("--devices must be between 1 and 99999")
        if not 1 <= self.first <= 99_999 - self.devices + 1:
            raise ValueError("--first must be between 1 and 99999 - devices + 1")
        if self.events < 0:
            raise ValueError("--events must not be negative")
        if self.rate is not None and self.rate <= 0:
            raise ValueError("--rate must be above 0 events per second")
        if self.timeout <= 0:
            raise ValueError("--timeout must be above 0 seconds")


@dataclass(frozen=True, slots=True)
class FleetResult:
    devices: int
    produced: int
    acked: int
    queued: int
    seconds: float
    connects: int
    resends: int

    @property
    def drained(self) -> bool:
        return self.queued == 0


def device_id(index: int) -> str:
    return f"sim-{index:05d}"


def make_visit(rng: random.Random) -> KioskVisit:
    return KioskVisit(
        service=rng.choice(_SERVICES),
        seconds=rng.randint(20, 900),
        outcome=rng.choice(_OUTCOMES),
        pages_printed=rng.randint(0, 4),
    )


#: file descriptors one simulated device holds, counted in /proc/PID/fd of a 3,334-device shard: the outbox
#: database and its WAL twice (the outbox's writer and reader connections), the WAL index, the socket
FDS_PER_DEVICE = 6
FDS_WHAT = "outbox database and WAL for its writer and its reader, WAL index, socket"
FDS_SPARE = 64


class DescriptorLimitError(RuntimeError):
    """The process may not open enough files for this many devices."""


def descriptors_needed(devices: int) -> int:
    return devices * FDS_PER_DEVICE + FDS_SPARE


def _raise_file_limit(needed: int) -> None:
    """Raise the soft descriptor limit up to the hard one; DescriptorLimitError (naming ``ulimit -n``)
    when even the hard limit is too low, before any outbox is opened."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = hard if hard == resource.RLIM_INFINITY else min(hard, max(needed, soft))
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft != resource.RLIM_INFINITY and soft < needed:
        devices = (needed - FDS_SPARE) // FDS_PER_DEVICE
        fits = max(0, (soft - FDS_SPARE) // FDS_PER_DEVICE)
        raise DescriptorLimitError(
            f"--devices {devices} needs about {needed} open files ({FDS_PER_DEVICE} per device: {FDS_WHAT}) "
            f"but this process may open only {soft} (ulimit -n; "
            f"hard limit {hard}). Raise it (`ulimit -n {needed}` in the shell, LimitNOFILE={needed} in a "
            f"systemd unit) or run several fleets of at most {fits} devices side by side with --first"
        )


class Fleet:
    """Runs the simulation; ``report`` gets a progress line every second and the summary at the end."""

    def __init__(self, options: FleetOptions, report: Callable[[str], None] = print) -> None:
        self.options = options
        self.report = report
        self.loop = NetLoop(name="onestop-fleet")
        self.sessions: list[DeviceSession] = []
        self.produced = 0
        self.acked = 0
        self.library: SimLibrary | None = None
        self._backlog = 0
        self._rngs: list[random.Random] = []

    def _count_acked(self, n: int) -> None:
        self.acked += n  # runs on the loop thread only

    def open(self) -> None:
        """Make every device and connect it (returns at once; the devices connect on the loop)."""
        opts = self.options
        _raise_file_limit(descriptors_needed(opts.devices))
        broker = parse_broker_url(opts.broker_url)
        opts.data_dir.mkdir(parents=True, exist_ok=True)
        self._rngs = [random.Random(opts.seed * 1_000_003 + i) for i in range(opts.devices)]
        with ThreadPoolExecutor(max_workers=16) as pool:  # opening a new outbox waits for the disk
            outboxes = list(
                pool.map(
                    lambda i: Outbox(opts.data_dir / f"{device_id(opts.first + i)}.sqlite3"),
                    range(opts.devices),
                )
            )
        if opts.forms:
            from edge_agent.forms_library.fleet import SimLibrary

            self.library = SimLibrary(opts.data_dir / "forms")
        for i, outbox in enumerate(outboxes):
            settings = SessionSettings(
                device_id=device_id(opts.first + i),
                site=SITE,
                kind=DeviceKind.SIMULATED,
                broker=broker,
                protocol=opts.protocol,
                ack_timeout=opts.ack_timeout,
                backoff_min=0.2,
                backoff_max=3.0,
                window=opts.window,
                topic_version=opts.topic_version,
            )
            hooks = SessionHooks(on_acked=self._count_acked)
            if self.library is not None:
                dev = self.library.device(settings.device_id)
                hooks = SessionHooks(
                    on_acked=self._count_acked, on_message=dev.on_message, on_online=dev.on_online
                )
            session = DeviceSession(settings, outbox, self.loop, hooks)
            if self.library is not None:
                self.library.devices[settings.device_id].session = session
            self.sessions.append(session)
        self._backlog = sum(s.outbox.depth() for s in self.sessions)
        self.loop.start()
        for session in self.sessions:
            session.start()

    def run(self) -> FleetResult:
        opts = self.options
        started = time.monotonic()
        self.open()
        backlog = self._backlog
        total = opts.events * opts.devices
        quota = [opts.events] * opts.devices
        next_report = started + 1.0
        cursor = 0
        producing: float | None = None if opts.wait_online else started  # when the production clock starts
        try:
            while True:
                now = time.monotonic()
                elapsed = now - started
                if producing is None and all(s.online for s in self.sessions):
                    producing = now
                    self.report(f"[{elapsed:6.1f}s] all {len(self.sessions)} devices online: producing")
                if producing is None:
                    due = 0
                elif opts.rate is None:
                    due = total
                else:
                    due = min(total, int(opts.rate * (now - producing)) + 1)
                if self.produced < due:
                    cursor = self._produce(due - self.produced, quota, self._rngs, cursor)
                queued = sum(s.outbox.depth() for s in self.sessions)
                if (
                    producing is not None
                    and self.produced >= total
                    and queued == 0
                    and self._library_synced()
                ):
                    break
                if now >= next_report:
                    next_report += 1.0
                    self.report(self._progress(elapsed, total, queued))
                if elapsed > opts.timeout:
                    self.report(self._progress(elapsed, total, queued))
                    if producing is None:
                        online = sum(1 for s in self.sessions if s.online)
                        raise FleetTimeout(
                            f"timed out after {opts.timeout:g} s: only {online} of {len(self.sessions)} devices "
                            f"came online, so nothing was produced (--wait-online); is the broker at "
                            f"{opts.broker_url} running and accepting them?"
                        )
                    raise FleetTimeout(
                        f"timed out after {opts.timeout:g} s: {queued} events in "
                        f"{sum(1 for s in self.sessions if s.outbox.depth())} outboxes still wait for the hub's "
                        f"ack (is `onestop hub serve` running on {opts.broker_url}?); they stay in {opts.data_dir} "
                        "and a later run sends them"
                    )
                time.sleep(0.05)
            result = self._result(time.monotonic() - started, queued, backlog)
            self.report(
                f"drained: {result.produced} events from {result.devices} devices acknowledged by the hub in "
                f"{result.seconds:.2f} s ({result.produced / max(result.seconds, 1e-9):.0f} events/s); "
                f"{result.connects} connects, {result.resends} re-sends"
            )
            return result
        finally:
            self.close()

    def _library_synced(self) -> bool:
        """True without ``--forms``; with it, once every device finished a sync of the forms library."""
        return self.library is None or all(d.synced for d in self.library.devices.values())

    def _produce(self, count: int, quota: list[int], rngs: list[random.Random], cursor: int) -> int:
        """Store ``count`` new events round-robin over devices with quota left, one transaction per device."""
        batches: dict[int, int] = {}
        n = len(quota)
        while count > 0:
            if quota[cursor] > 0:
                quota[cursor] -= 1
                batches[cursor] = batches.get(cursor, 0) + 1
                count -= 1
            cursor = (cursor + 1) % n
        for index, size in batches.items():
            session = self.sessions[index]
            session.outbox.add_many([make_visit(rngs[index]) for _ in range(size)])
            self.produced += size
            session.wake()
        return cursor

    def _progress(self, elapsed: float, total: int, queued: int) -> str:
        online = sum(1 for s in self.sessions if s.online)
        inflight = sum(s.inflight for s in self.sessions)
        rate = self.acked / elapsed if elapsed > 0 else 0.0
        return (
            f"[{elapsed:6.1f}s] online {online}/{len(self.sessions)}  produced {self.produced}/{total}  "
            f"acked {self.acked}  queued {queued}  in flight {inflight}  ({rate:.0f} acked/s)"
        )

    def _result(self, seconds: float, queued: int, backlog: int) -> FleetResult:
        return FleetResult(
            devices=len(self.sessions),
            produced=self.produced + backlog,
            acked=self.acked,
            queued=queued,
            seconds=seconds,
            connects=sum(s.connects for s in self.sessions),
            resends=sum(s.resends for s in self.sessions),
        )

    def close(self) -> None:
        """Say goodbye on every session (clean deaths), then stop the loop and close the outboxes."""
        if self.library is not None:
            self.library.close()
        for session in self.sessions:
            session.stop("simulation finished", timeout=0)
        deadline = time.monotonic() + 5
        while any(s.online for s in self.sessions) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.loop.stop()
        with ThreadPoolExecutor(max_workers=16) as pool:  # closing checkpoints the WAL: disk waits
            list(pool.map(lambda s: s.outbox.close(), self.sessions))
