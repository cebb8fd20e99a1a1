"""Durable outbox: order, batched removal, idempotent ids, the session counter, and surviving SIGKILL."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from edge_agent.outbox import Outbox
from wire.payloads.device import Health
from wire.payloads.visits import KioskVisit


def visit(seconds: int) -> KioskVisit:
    return KioskVisit(seconds=seconds, outcome="completed")


def test_events_come_out_oldest_first_and_go_on_remove(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    entries = [box.add(visit(i)) for i in range(5)]
    assert box.depth() == 5
    assert [e.id for e in box.peek()] == [e.id for e in entries]
    assert [e.id for e in box.peek(after=entries[1].pos, limit=2)] == [entries[2].id, entries[3].id]
    assert box.remove([entries[0].id, entries[3].id, "f" * 32]) == 2
    assert box.depth() == 3
    assert [e.id for e in box.peek()] == [entries[1].id, entries[2].id, entries[4].id]


def test_batch_add_and_remove_thousands(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    entries = box.add_many([visit(i % 100) for i in range(3000)])
    assert len({e.id for e in entries}) == 3000
    assert box.remove(e.id for e in entries[:2500]) == 2500
    assert box.depth() == 500
    assert box.peek(limit=1)[0].id == entries[2500].id


def test_same_id_is_kept_once(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    first = box.add(visit(1), msg_id="a" * 32)
    again = box.add(visit(2), msg_id="a" * 32)
    assert box.depth() == 1
    assert again == first


def test_non_event_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    with pytest.raises(ValueError, match="not an event"):
        box.add_many([visit(1), Health(components={})])  # type: ignore[list-item]
    assert box.depth() == 0


def test_session_counter_grows_across_reopen(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    assert box.session() == 0
    assert [box.next_session(), box.next_session()] == [1, 2]
    box.close()
    reopened = Outbox(tmp_path / "o.db")
    assert reopened.session() == 2
    assert reopened.next_session() == 3


CHILD = """
import os, signal, sys
from edge_agent.outbox import Outbox
from wire.payloads.visits import KioskVisit
box = Outbox(sys.argv[1])
for i in range(50):
    box.add(KioskVisit(seconds=i, outcome="completed"))
box.next_session()
print("stored", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_survives_sigkill_right_after_commit(tmp_path: Path) -> None:
    """GIVEN a process that stored 50 events WHEN it is SIGKILLed THEN a new process finds all 50 in order."""
    path = tmp_path / "o.db"
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == -signal.SIGKILL
    assert proc.stdout.strip() == "stored"
    box = Outbox(path)
    assert box.depth() == 50
    assert [e.body for e in box.peek(limit=100)] == [visit(i).model_dump_json() for i in range(50)]
    assert box.session() == 1
    assert os.path.exists(path)
