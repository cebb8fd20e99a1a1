"""Run one fleet as several processes ("shards") when one process may not open enough files.

Each device holds six descriptors (outbox database and WAL for its writer and its reader, WAL index, socket),
so 10,000 devices need ~60,000 while a process here may open 20,000. ``plan`` splits the device range into the
fewest contiguous shards that fit the descriptor limit (or into ``processes`` shards when asked);
``run_sharded`` runs each as its own process over the same data directory. Durability is unchanged:
every device keeps its own outbox file, whichever process drives it. The run succeeds only when every
shard drained.
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import os
import resource
import sys
import threading
import time
from collections.abc import Callable

from edge_agent.fleet import (
    FDS_PER_DEVICE,
    FDS_SPARE,
    FDS_WHAT,
    DescriptorLimitError,
    Fleet,
    FleetOptions,
    FleetTimeout,
    descriptors_needed,
)


def fitting_devices() -> int:
    """How many devices one process can hold under the hard descriptor limit."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        return 99_999
    return max(1, (hard - FDS_SPARE) // FDS_PER_DEVICE)


def plan(options: FleetOptions, processes: int | None = None) -> list[FleetOptions]:
    """Contiguous shards covering the fleet's devices; one shard when it fits and none was asked for."""
    per = fitting_devices()
    count = processes or -(-options.devices // per)
    count = max(1, min(count, options.devices))
    biggest = -(-options.devices // count)
    if biggest > per:
        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        raise ValueError(
            f"--devices {biggest} per process needs about {descriptors_needed(biggest)} open files "
            f"({FDS_PER_DEVICE} per device: {FDS_WHAT}) but a process "
            f"may open only {hard} (ulimit -n). Raise it (`ulimit -n {descriptors_needed(biggest)}`, "
            f"LimitNOFILE= in a systemd unit) or use --processes {-(-options.devices // per)} "
            f"(at most {per} devices each)"
        )
    shards = []
    start = options.first
    for k in range(count):
        size = options.devices // count + (1 if k < options.devices % count else 0)
        rate = None if options.rate is None else options.rate * size / options.devices
        shards.append(
            dataclasses.replace(options, devices=size, first=start, rate=rate, seed=options.seed + k)
        )
        start += size
    return shards


def _exit_with_parent(parent: int, prefix: str) -> None:
    """A shard outlives a SIGKILLed ``onestop simulate fleet`` otherwise (its devices would keep publishing):
    leave when the parent is gone. Nothing is lost: unacknowledged events stay in the outboxes."""
    while os.getppid() == parent:
        time.sleep(1.0)
    print(prefix + "the fleet process is gone: stopping (queued events stay in the outboxes)", flush=True)
    os._exit(3)


def _shard_main(options: FleetOptions, index: int, parent: int) -> None:
    prefix = f"[shard {index} {options.first}-{options.first + options.devices - 1}] "
    threading.Thread(target=_exit_with_parent, args=(parent, prefix), daemon=True).start()
    try:
        Fleet(options, report=lambda line: print(prefix + line, flush=True)).run()
    except FleetTimeout as exc:
        print(prefix + str(exc), file=sys.stderr, flush=True)
        sys.exit(1)
    except DescriptorLimitError as exc:
        print(prefix + str(exc), file=sys.stderr, flush=True)
        sys.exit(2)


def run_sharded(shards: list[FleetOptions], report: Callable[[str], None] = print) -> int:
    """Run every shard in its own process; 0 when all drained, else the first failing exit code."""
    ctx = mp.get_context("spawn")
    started = time.monotonic()
    procs = [
        ctx.Process(target=_shard_main, args=(s, k + 1, os.getpid()), name=f"fleet-shard-{k + 1}")
        for k, s in enumerate(shards)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    codes = [p.exitcode or 0 for p in procs]
    failed = [c for c in codes if c != 0]
    devices = sum(s.devices for s in shards)
    if not failed:
        report(
            f"all {len(shards)} shards drained: {devices} devices, "
            f"{sum(s.devices * s.events for s in shards)} new events, {time.monotonic() - started:.2f} s"
        )
        return 0
    report(f"{len(failed)} of {len(shards)} shards failed (exit codes {codes})")
    return failed[0]
