"""Forms library push: one new version published on the staff page, seconds until 1,000 simulated agents
hold it (fetched, hash-checked, cached on disk) and until the hub has every agent's report; beside the raw
broker figure measured in the same run (the same number of announcement-sized messages through the same
Mosquitto to one subscriber), so the ratio says what the hub, the chunked fetch and the agents add.

Every part is real: the hub process on SQLite (HTTP + MQTT), a private Mosquitto, the fleet simulator's
devices each with its own library cache. The fleet starts warm: one device syncs the shipped library (51
forms), its cache is copied to the others (as a device image would carry it), then all connect and find
their revision current; the push is timed from the publish click.

    .venv/bin/python benchmarks/forms_push.py [--devices 1000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the rig lives with the e2e tests

from edge_agent.fleet import device_id
from onestop.dev.waiting import wait_until
from tests.e2e.forms_library.rig import FormsRig
from wire import encode, make_envelope
from wire.payloads.forms import FormsChanged

FORM = "HR-F01"
FIELDS = "name|申請人姓名 Applicant\nphone|聯絡電話 Phone\npurpose|申請用途 Purpose|2\nsignature|簽章|2"


def raw_broker(port: int, messages: int) -> float:
    """Seconds for ``messages`` announcement-sized QoS 1 messages, one per device topic, from one client
    through Mosquitto to one subscriber."""
    body = encode(make_envelope(FormsChanged(revision=99, form=FORM, version=5, sha256="0" * 64),
                                device="hub", session=1, seq=0))  # fmt: skip
    got = threading.Event()
    count = 0

    def on_message(_c: object, _u: object, _m: object) -> None:
        nonlocal count
        count += 1
        if count == messages:
            got.set()

    sub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-sub")
    sub.on_message = on_message
    sub.connect("127.0.0.1", port)
    sub.subscribe("bench/#", qos=1)
    sub.loop_start()
    pub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-pub")
    pub.connect("127.0.0.1", port)
    pub.loop_start()
    time.sleep(0.5)  # both sessions up
    started = time.monotonic()
    for i in range(messages):
        pub.publish(f"bench/{i}/cmd/forms-changed", body, qos=1)
    assert got.wait(120), f"raw broker: {count} of {messages} arrived"
    seconds = time.monotonic() - started
    for client in (pub, sub):
        client.loop_stop()
        client.disconnect()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="forms-push-", ignore_cleanup_errors=True) as tmp:
        # the simulator's devices are never claimed: unknown devices, beyond the default cap of 1,000
        rig = FormsRig(
            Path(tmp), hub_env={"ONESTOP_HUB_MAX_UNKNOWN_DEVICES": str(max(1000, args.devices + 10))}
        )
        try:
            rig.start_hub()
            # the raw component first, on the same broker before the fleet holds its connections
            raw = raw_broker(rig.broker.port, args.devices)
            print(
                f"raw broker, {args.devices} announcement-sized messages to one subscriber: {raw:.3f} s",
                flush=True,
            )
            warm = rig.start_fleet(1)
            assert warm.library is not None
            wait_until(lambda: warm.library.holding(FORM, 4) == 1, 120, "the first device's sync")  # type: ignore[union-attr]
            wait_until(lambda: all(d.synced for d in warm.library.devices.values()), 30, "sync done")  # type: ignore[union-attr]
            warm.close()
            rig.fleet = None
            source = Path(tmp) / "fleet" / "forms" / device_id(1)
            for i in range(2, args.devices + 1):
                shutil.copytree(source, Path(tmp) / "fleet" / "forms" / device_id(i))
            started = time.monotonic()
            fleet = rig.start_fleet(args.devices)
            library = fleet.library
            assert library is not None
            wait_until(
                lambda: all(d.synced for d in library.devices.values()), 300, "every device's first sync"
            )
            online = time.monotonic() - started
            staff = rig.staff()
            clicked = time.monotonic()
            assert rig.publish_template(staff, FORM, FIELDS, "benchmark") == 5
            published = time.monotonic() - clicked
            have = library.wait_holding(FORM, 5, args.devices, 600)
            all_hold = time.monotonic() - clicked
            assert have == args.devices, f"only {have} of {args.devices} devices hold version 5"
            import sqlalchemy as sa

            from hub.db.session import make_engine

            engine = make_engine(rig.db_url)
            sql = sa.text("SELECT count(*) FROM agent_form_versions WHERE form = :f AND version = 5")

            def reported() -> bool:
                with engine.connect() as conn:
                    return bool(int(conn.execute(sql, {"f": FORM}).scalar() or 0) >= args.devices)

            wait_until(reported, 600, "every report at the hub", step=0.2)
            all_reported = time.monotonic() - clicked
            engine.dispose()
            staff.close()
            refused = sum(1 for d in library.devices.values() if d.refused)
        finally:
            rig.stop()
    print(
        f"forms library push to {args.devices} simulated agents (hub on SQLite, one Mosquitto, one machine)"
    )
    print(f"  fleet connected and found its library current:  {online:8.2f} s")
    print(f"  publish click answered (stored + {args.devices} forms.changed sent): {published:8.2f} s")
    print(
        f"  all {args.devices} agents hold the new version (fetched, hash checked, on disk): {all_hold:8.2f} s"
    )
    print(f"  the hub has all {args.devices} forms.report events:                    {all_reported:8.2f} s")
    print(f"  refused (wrong hash): {refused}")
    print(f"  raw broker, {args.devices} announcement-sized messages to one subscriber: {raw:8.3f} s")
    print(f"  ratio, library push / raw broker: {all_hold / raw:8.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
