"""``onestop hub stats`` and argument checking, through the real parser."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.__main__ import main
from hub.ingest.store import Incoming, store_batch
from tests.hub.hostile import EVT, HOSTILE
from wire import encode, make_envelope, now_ms, topics
from wire.payloads.device import Birth
from wire.payloads.visits import KioskVisit


def test_stats_counts_distinct_events_devices_and_dead_letters(
    hub_engine: Engine, sessions: sessionmaker[Session], db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    birth = make_envelope(Birth(kind="kiosk", agent_version="1"), device="k1", session=1, seq=0)
    event = make_envelope(KioskVisit(seconds=1, outcome="completed"), device="k1", session=1, seq=1)
    items = [Incoming(topics.state("s1", "k1"), encode(birth), now_ms())]
    items += [Incoming(EVT, encode(event), now_ms())] * 3
    items += [Incoming(t, p, now_ms()) for _, t, p, _ in HOSTILE[:4]]
    with sessions() as session, session.begin():
        store_batch(session, items)
    assert main(["stats", "--db", db_url, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["events"] == 1 and figures["devices"] == 1 and figures["devices_online"] == 1
    assert figures["dead_letters"] == 4 and figures["commands"] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--db", "mysql://h/db"], "database 'mysql' is not supported"),
        (["serve", "--broker", "tcp://h:1"], "must start with mqtt://"),
        (["serve", "--http", "8000"], "HOST:PORT"),
        (["serve", "--instance", "Hub_1"], "instance id"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_stats_on_a_missing_sqlite_file_says_so(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["stats", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--json"]) == 1
    assert "no database file" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
