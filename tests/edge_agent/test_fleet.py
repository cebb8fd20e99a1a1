"""`onestop simulate fleet` as a real process against a private Mosquitto, with a FakeHub acking."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from edge_agent.outbox import Outbox
from onestop.processes import Mosquitto
from tests.edge_agent.fake_hub import FakeHub

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def fleet_cmd(broker: str, data_dir: Path, devices: int, events: int, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "onestop.cli", "simulate", "fleet", "--broker", broker,
        "--devices", str(devices), "--events", str(events), "--data-dir", str(data_dir), *extra,
    ]  # fmt: skip


def test_fleet_exits_0_when_every_outbox_is_drained(
    mosquitto: Mosquitto, fake_hub: FakeHub, tmp_path: Path
) -> None:
    proc = subprocess.run(
        fleet_cmd(mosquitto.url, tmp_path / "fleet", 20, 10, "--timeout", "30"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "drained: 200 events from 20 devices" in proc.stdout
    assert len(fake_hub.events) == 200
    devices = {m.address.device for m in fake_hub.event_messages}
    assert devices == {f"sim-{i:05d}" for i in range(1, 21)}
    assert all(m.address.site == "sim" and m.envelope.type == "kiosk.visit" for m in fake_hub.event_messages)
    assert all(Outbox(p).depth() == 0 for p in (tmp_path / "fleet").glob("*.sqlite3"))


def test_fleet_through_a_broker_sigkill_loses_nothing(mosquitto: Mosquitto, tmp_path: Path) -> None:
    """GIVEN 50 devices x 20 events at 250 events/s WHEN the broker is SIGKILLed mid-run (persistence off)
    and restarted 2 s later THEN the fleet still drains and the hub saw exactly 1,000 distinct ids."""
    with FakeHub(mosquitto.url) as hub:
        assert hub.wait_for(lambda: hub.client.is_connected(), 5)
        started = time.monotonic()
        proc = subprocess.Popen(
            fleet_cmd(mosquitto.url, tmp_path / "fleet", 50, 20, "--rate", "250", "--timeout", "40"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert hub.wait_for(lambda: len(hub.events) >= 100, 15), "the fleet never got going"
        mosquitto.kill()
        time.sleep(2)
        mosquitto.start()
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert len(hub.events) == 1000
        assert "drained: 1000 events" in out
        assert int(out.split(" connects")[0].rsplit(" ", 1)[1]) >= 100  # everyone reconnected once at least
        assert time.monotonic() - started < 20


def test_fleet_without_hub_times_out_with_a_message(mosquitto: Mosquitto, tmp_path: Path) -> None:
    proc = subprocess.run(
        fleet_cmd(mosquitto.url, tmp_path / "fleet", 3, 5, "--timeout", "1.5"),
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "timed out after 1.5 s: 15 events in 3 outboxes still wait for the hub's ack" in proc.stderr
    assert "onestop hub serve" in proc.stderr
    assert sum(Outbox(p).depth() for p in (tmp_path / "fleet").glob("*.sqlite3")) == 15


def test_fleet_waiting_online_produces_once_every_device_is_connected(
    mosquitto: Mosquitto, fake_hub: FakeHub, tmp_path: Path
) -> None:
    """GIVEN --wait-online and a rate WHEN every device connects THEN production starts then, and drains."""
    proc = subprocess.run(
        fleet_cmd(mosquitto.url, tmp_path / "fleet", 20, 5, "--wait-online", "--rate", "200", "--timeout", "30"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    online_at = proc.stdout.index("all 20 devices online: producing")
    assert online_at < proc.stdout.index("drained: 100 events from 20 devices")
    assert len(fake_hub.events) == 100


def test_fleet_waiting_online_without_a_broker_produces_nothing_and_says_why(tmp_path: Path) -> None:
    from onestop.processes import free_port

    broker = f"mqtt://127.0.0.1:{free_port()}"  # nothing listens there
    proc = subprocess.run(
        fleet_cmd(broker, tmp_path / "fleet", 3, 5, "--wait-online", "--timeout", "1.5"),
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "only 0 of 3 devices came online, so nothing was produced (--wait-online)" in proc.stderr
    assert broker in proc.stderr
    assert sum(Outbox(p).depth() for p in (tmp_path / "fleet").glob("*.sqlite3")) == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--broker", "http://x", "--devices", "1", "--events", "1"], "mqtt://"),
        (["--broker", "mqtt://127.0.0.1:1", "--devices", "0", "--events", "1"], "--devices"),
        (["--broker", "mqtt://127.0.0.1:1", "--devices", "1", "--events", "1", "--rate", "0"], "--rate"),
    ],
)
def test_bad_arguments_are_refused_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    from onestop.cli import main

    assert main(["simulate", "fleet", *args, "--data-dir", str(tmp_path / "d")]) == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_too_few_file_descriptors_is_a_clear_error_naming_ulimit(tmp_path: Path) -> None:
    """GIVEN a process whose hard descriptor limit is 256 WHEN a fleet of 100 devices (about 664 files: 6 each)
    is asked for in one process THEN it exits 2 before opening any outbox, saying what it needs, naming
    ``ulimit -n`` and how many processes would do."""
    import resource

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    done = subprocess.run(
        fleet_cmd("mqtt://127.0.0.1:1", tmp_path / "d", 100, 1, "--processes", "1"),
        capture_output=True, text=True, preexec_fn=low_limit, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "--devices 100 per process needs about 664 open files" in done.stderr
    assert "ulimit -n" in done.stderr and "may open only 256" in done.stderr
    assert "--processes 4 (at most 32 devices each)" in done.stderr
    assert not list((tmp_path / "d").glob("*.sqlite3"))


def test_a_fleet_too_big_for_one_process_runs_sharded_and_drains(tmp_path: Path) -> None:
    """GIVEN a hard descriptor limit of 256 (32 devices per process) WHEN 100 devices x 3 events run
    against a hub THEN the simulator splits them over 4 processes by itself and every event is acked."""
    import resource

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    with Mosquitto(workdir=tmp_path / "broker") as broker, FakeHub(broker.url) as hub:
        done = subprocess.run(
            fleet_cmd(broker.url, tmp_path / "d", 100, 3, "--timeout", "60"),
            capture_output=True, text=True, preexec_fn=low_limit, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        assert "as 4 processes" in done.stdout and "all 4 shards drained: 100 devices" in done.stdout
        assert len(hub.events) == 300  # distinct ids (a re-send under load may arrive twice here)
        devices = {m.address.device for m in hub.event_messages}
        assert devices == {f"sim-{i:05d}" for i in range(1, 101)}
    outboxes = list((tmp_path / "d").glob("sim-*.sqlite3"))
    assert len(outboxes) == 100 and all(Outbox(p).depth() == 0 for p in outboxes)


def test_the_shards_stop_when_the_fleet_process_is_sigkilled(tmp_path: Path) -> None:
    """GIVEN a fleet running as 2 shard processes (no broker answers, so it would run to its timeout)
    WHEN the ``onestop simulate fleet`` process is SIGKILLed
    THEN both shards leave by themselves within seconds, the events they made staying in their outboxes."""
    import os
    import signal

    from onestop.dev.waiting import wait_until
    from onestop.processes import free_port

    log = tmp_path / "fleet.log"
    with log.open("w") as out:
        fleet = subprocess.Popen(
            fleet_cmd(f"mqtt://127.0.0.1:{free_port()}", tmp_path / "d", 10, 2, "--processes", "2",
                      "--timeout", "300"),
            stdout=out, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    children = Path(f"/proc/{fleet.pid}/task/{fleet.pid}/children")
    try:
        wait_until(lambda: log.read_text().count("produced 10/10") >= 2, 60, "both shards' events stored")
        shards = [int(pid) for pid in children.read_text().split()]
        assert len(shards) >= 2  # the two shards (and multiprocessing's resource tracker)
        fleet.kill()
        fleet.wait(10)

        def gone(pid: int) -> bool:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"

        wait_until(lambda: all(gone(pid) for pid in shards), 30, "every child to leave after its parent")
    finally:
        if fleet.poll() is None:
            fleet.kill()
        for pid in [int(p) for p in children.read_text().split()] if children.exists() else []:
            os.kill(pid, signal.SIGKILL)
    assert sum(Outbox(p).depth() for p in (tmp_path / "d").glob("sim-*.sqlite3")) > 0
