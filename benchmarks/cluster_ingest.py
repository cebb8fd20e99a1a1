"""Hub ingest on a 3-node RabbitMQ cluster against a single Mosquitto, in one run, same stream, same machine.

Every row drains a pre-filled stream (``--devices`` C publishers ``mosquitto_pub -q 1``, ``--events`` each,
published while the consumer is offline, then the consumer starts; events/s from the consumer's spawn to
the last event stored/received, start-up included), PostgreSQL for every hub:

  mosquitto  raw      ``mosquitto_sub -c`` (C) on a private Mosquitto
  mosquitto  hub      one ``onestop hub serve`` on an MQTT persistent session
  cluster    raw      ``mosquitto_sub -c`` on node 0 (its session is a quorum queue replicated on 3 nodes)
  cluster    hub      one hub on an MQTT persistent session on node 0 (the same hub as on Mosquitto)
  cluster    2 hubs   two hubs as competing AMQP consumers of the cluster's quorum ingest queue (``--amqp``)

Also printed: how fast the stream went *into* each broker (publishing with QoS 1 waits for the broker's
confirm, which on the cluster means a Raft majority wrote it). Every hub row checks exactly-once.

    .venv/bin/python benchmarks/cluster_ingest.py [--devices 10] [--events 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.ingest import (
    BROKER_CONFIG,
    Hub,
    Stream,
    drain,
    drop_database,
    fresh_database,
    raw_drain,
)
from onestop.broker_cluster import RabbitCluster
from onestop.processes import Mosquitto


@dataclass(frozen=True)
class NodeAddress:
    """What benchmarks.ingest needs of a broker: its MQTT url and port."""

    url: str
    port: int


def _drain(
    hubs: list[Hub], broker: Any, db_url: str, stream: Stream
) -> tuple[float, float, float, list[int]]:
    """benchmarks.ingest.drain on this broker: (events/s from spawn, events/s from the first stored event,
    publish events/s, events each hub received)."""
    rate, from_first, _, published, ingests = drain(hubs, broker, db_url, stream)
    return rate, from_first, published, [i["received"] for i in ingests]


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="onestop-bench-cluster-"))
    rows: dict[str, Any] = {}
    n = args.devices

    def stream(tag: str) -> Stream:
        return Stream(workdir, n, args.events, tag)

    def hub_row(key: str, broker: Any, make_hubs: Callable[[str], list[Hub]]) -> None:
        """Drain a fresh stream into the hubs ``make_hubs(db_url)`` on a fresh PostgreSQL database."""
        db = fresh_database("postgresql", workdir, f"onestop_bench_{key}")
        try:
            hub, steady, published, shares = _drain(make_hubs(db), broker, db, stream(key.replace("_", "-")))
            rows[key], rows[f"{key}_steady"], rows[f"{key}_publish"] = (
                round(hub),
                round(steady),
                round(published),
            )
            rows[f"{key}_shares"] = shares
        finally:
            drop_database(db)

    def amqp_hubs(cluster: RabbitCluster, broker: Any, db: str) -> list[Hub]:
        hubs = []
        for i in range(2):
            urls = [cluster.nodes[(i + k) % 3].amqp_url for k in range(3)]  # each starts at another node
            h = Hub(db, broker, workdir, f"bca-{i}", False)
            h.cmd += ["--amqp", ",".join(urls)]
            h.env["ONESTOP_HUB_AMQP_QUEUE"] = "onestop.hub.bench"
            hubs.append(h)
        return hubs

    with Mosquitto(workdir=workdir / "mosquitto", extra_config=BROKER_CONFIG.format(inflight=1000)) as mosq:
        rows["mosquitto_raw"] = round(raw_drain(mosq, stream("mr"), "bench-raw")[0])
        hub_row("mosquitto_hub", mosq, lambda db: [Hub(db, mosq, workdir, "bm-1", False)])

    started = time.perf_counter()
    cluster = RabbitCluster(3, workdir=workdir / "rabbit")
    try:
        cluster.start()
        rows["cluster_boot_s"] = round(time.perf_counter() - started, 1)
        node0 = cluster.nodes[0]
        broker: Any = NodeAddress(node0.mqtt_url, node0.mqtt_port)  # what Hub and raw_drain use of a broker
        rows["cluster_raw"] = round(raw_drain(broker, stream("cr"), "bench-raw")[0])
        hub_row("cluster_hub", broker, lambda db: [Hub(db, broker, workdir, "bc-1", False)])
        hub_row("cluster_2hubs", broker, lambda db: amqp_hubs(cluster, broker, db))
    finally:
        cluster.stop()
    shutil.rmtree(workdir, ignore_errors=True)
    return {"devices": n, "events": n * args.events, **rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--devices", type=int, default=10, help="publishers (one C process each)")
    parser.add_argument("--events", type=int, default=1000, help="events per device")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.devices < 1 or args.events < 1:
        parser.error("--devices and --events must be at least 1")
    r = run(args)
    if args.json:
        print(json.dumps(r))
        return 0
    m_hub = r["mosquitto_hub_steady"]
    print(
        f"stream: {r['events']:,} events from {r['devices']} devices, QoS 1, drained from a pre-filled session"
    )
    print("  events/s from the consumer's spawn (start-up included) / from its first stored event")
    print(f"  mosquitto  raw mosquitto_sub  {r['mosquitto_raw']:>8,}")
    print(
        f"  mosquitto  hub (MQTT)         {r['mosquitto_hub']:>8,} / {m_hub:>6,}   ratio to raw "
        f"{m_hub / r['mosquitto_raw']:.3f}   (published into the broker at {r['mosquitto_hub_publish']:,} ev/s)"
    )
    print(
        f"  cluster    raw mosquitto_sub  {r['cluster_raw']:>8,}   (3 nodes booted in {r['cluster_boot_s']} s)"
    )
    for key, label in (("cluster_hub", "hub (MQTT)      "), ("cluster_2hubs", "2 hubs (AMQP)   ")):
        steady = r[f"{key}_steady"]
        print(
            f"  cluster    {label}   {r[key]:>8,} / {steady:>6,}   ratio to cluster raw "
            f"{steady / r['cluster_raw']:.3f}, to the Mosquitto hub {steady / m_hub:.3f}"
            f"   (published at {r[f'{key}_publish']:,} ev/s)"
        )
    print(f"  2 hubs' shares: {r['cluster_2hubs_shares']}; every hub row stored each event exactly once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
