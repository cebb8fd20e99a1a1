"""One ingest batch against SQLite and PostgreSQL: dead letters, dedup, device state, handlers, commands."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from hub.devices.models import Command, DeadLetter, Device, Event, SeqGap
from hub.ingest import handlers
from hub.ingest.store import Incoming, store_batch
from tests.hub.hostile import DEVICE, EVT, HOSTILE, SITE, STATE
from wire import Channel, Decoded, encode, make_envelope, now_ms, topics
from wire.payloads.device import Birth, CommandAck, Death, Health
from wire.payloads.visits import KioskVisit


def incoming(topic: str, payload: bytes) -> Incoming:
    return Incoming(topic, payload, now_ms())


def event(seq: int, session: int = 1, msg_id: str | None = None, device: str = DEVICE) -> Incoming:
    env = make_envelope(
        KioskVisit(seconds=3, outcome="completed"), device=device, session=session, seq=seq, msg_id=msg_id
    )
    return incoming(topics.event(SITE, device, "kiosk.visit"), encode(env))


def birth(session: int, device: str = DEVICE) -> Incoming:
    env = make_envelope(
        Birth(kind="kiosk", agent_version="0.1", components=("printer",)),
        device=device,
        session=session,
        seq=0,
    )
    return incoming(topics.state(SITE, device), encode(env))


def death(session: int) -> Incoming:
    return incoming(STATE, encode(make_envelope(Death(), device=DEVICE, session=session, seq=0)))


def store(sessions: sessionmaker[Session], *items: Incoming):  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        return store_batch(session, list(items))


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def device(sessions: sessionmaker[Session]) -> Device:
    with sessions() as session:
        found = session.get(Device, DEVICE)
        assert found is not None
        return found


def test_every_hostile_payload_ends_in_dead_letters_with_its_reason(sessions: sessionmaker[Session]) -> None:
    """GIVEN 24 malformed or hostile messages and one good event in one batch
    WHEN the batch is stored THEN each bad one is a dead letter with its reason, the good one is stored,
    and nothing of the bad ones reached the event log or device table."""
    good = event(1)
    result = store(sessions, *(incoming(t, p) for _, t, p, _ in HOSTILE), good)
    assert result.stored == 1 and result.dead_letters == len(HOSTILE)
    with sessions() as session:
        letters = session.scalars(select(DeadLetter).order_by(DeadLetter.id)).all()
        assert [d.reason for d in letters] == [reason for *_, reason in HOSTILE]
        assert all(d.message for d in letters)
        huge = letters[[name for name, *_ in HOSTILE].index("huge payload")]
        assert huge.size > 1_048_576 and len(huge.payload_prefix) <= 400  # a redacted excerpt
        assert session.scalar(select(func.count()).select_from(Event)) == 1
        assert [d.id for d in session.scalars(select(Device))] == [DEVICE]


def test_duplicate_event_is_stored_once_and_acknowledged_every_time(sessions: sessionmaker[Session]) -> None:
    first = event(1)
    repeat_payload = json.loads(first.payload)
    repeat_payload.update(seq=2, historical=True)  # the agent re-sends with a new seq
    repeat = incoming(EVT, json.dumps(repeat_payload).encode())
    r1 = store(sessions, first, repeat)
    r2 = store(sessions, repeat)
    assert (r1.stored, r1.duplicates, r2.stored, r2.duplicates) == (1, 1, 0, 1)
    event_id = repeat_payload["id"]
    assert r1.acks == {(SITE, DEVICE): [event_id, event_id]} and r2.acks == {(SITE, DEVICE): [event_id]}
    assert count(sessions, Event) == 1


def test_death_birth_and_a_seq_gap(sessions: sessionmaker[Session]) -> None:
    """GIVEN a device online in session 1 WHEN its death arrives THEN it is offline; a stale death of
    session 1 after the birth of session 2 changes nothing; a seq jump from 1 to 5 records the range 2-4,
    and 3 arriving late splits it."""
    store(sessions, birth(1), event(1))
    assert device(sessions).online and device(sessions).session == 1
    store(sessions, death(1))
    assert not device(sessions).online
    store(sessions, birth(2), death(1))
    state = device(sessions)
    assert (state.online, state.session, state.kind, state.components) == (True, 2, "kiosk", ["printer"])
    store(sessions, event(1, session=2), event(5, session=2))
    with sessions() as session:
        gaps = session.scalars(select(SeqGap).order_by(SeqGap.first_seq)).all()
        assert [(g.session, g.first_seq, g.last_seq, g.filled_at) for g in gaps] == [(2, 2, 4, None)]
    store(sessions, event(3, session=2))  # late, e.g. through another hub of a shared subscription
    with sessions() as session:
        gaps = session.scalars(select(SeqGap).order_by(SeqGap.first_seq)).all()
        assert [(g.first_seq, g.last_seq, g.filled_at is None) for g in gaps] == [
            (2, 2, True), (3, 3, False), (4, 4, True)]  # fmt: skip
    assert device(sessions).last_seq == 5


def test_telemetry_keeps_the_newest_health(sessions: sessionmaker[Session]) -> None:
    def health(ts: int, state: str) -> Incoming:
        body = Health.model_validate({"components": {"printer": {"state": state}}})
        env = make_envelope(body, device=DEVICE, session=1, seq=ts % 256, ts=ts)
        return incoming(topics.topic_for(SITE, DEVICE, topics.Channel.TELEMETRY, "health"), encode(env))

    store(sessions, birth(1), health(1_000, "ok"))
    store(sessions, health(3_000, "error"), health(2_000, "warning"))
    state = device(sessions)
    assert state.health_ts == 3_000 and state.health["components"]["printer"]["state"] == "error"


def test_cmdack_sets_the_status_only_of_the_devices_own_command(sessions: sessionmaker[Session]) -> None:
    command_id = "a" * 32
    with sessions() as session, session.begin():
        session.add(
            Command(
                id=command_id, device=DEVICE, site=SITE, type="rebirth", body={}, status="sent", sent_at=1
            )
        )

    def ack(device: str) -> Incoming:
        body = CommandAck(command="rebirth", status="done", detail="birth published")
        env = make_envelope(body, device=device, session=1, seq=1, corr=command_id)
        return incoming(topics.topic_for(SITE, device, topics.Channel.COMMAND_ACK), encode(env))

    result = store(sessions, ack("k9"))  # another device cannot acknowledge k1's command
    assert result.dead_letters == 1
    store(sessions, ack(DEVICE))
    with sessions() as session:
        cmd = session.get(Command, command_id)
        assert cmd is not None and (cmd.status, cmd.detail) == ("done", "birth published") and cmd.acked_at


@pytest.fixture
def failing_handler() -> Iterator[list[str]]:
    """An event handler on kiosk.visit that writes a row, then fails for visits of 13 seconds."""
    seen: list[str] = []

    def handler(session: Session, msg: Decoded) -> None:
        session.execute(
            text("UPDATE devices SET agent_version = 'touched' WHERE id = :d"), {"d": msg.envelope.device}
        )
        if msg.body.model_dump()["seconds"] == 13:
            raise ValueError("13 seconds is unlucky")
        seen.append(msg.envelope.id)

    handlers.on_event("kiosk.visit")(handler)
    yield seen
    handlers._EVENT_HANDLERS["kiosk.visit"].remove(handler)


def test_handler_runs_once_per_new_event_and_a_failure_changes_nothing(
    sessions: sessionmaker[Session], failing_handler: list[str]
) -> None:
    good = event(1)
    bad_env = make_envelope(KioskVisit(seconds=13, outcome="completed"), device=DEVICE, session=1, seq=2)
    bad = incoming(EVT, encode(bad_env))
    result = store(sessions, good, good, bad)
    store(sessions, good)
    assert len(failing_handler) == 1  # once, although the event came three times
    assert result.stored == 1 and result.dead_letters == 1
    with sessions() as session:
        assert session.get(Event, bad_env.id) is None  # the failed event is not half-applied
        letter = session.scalars(select(DeadLetter)).one()
        assert letter.reason == "handler_error" and "unlucky" in letter.message
    assert (bad_env.id in result.acks[(SITE, DEVICE)]) and count(sessions, Event) == 1


def test_many_devices_in_one_batch(sessions: sessionmaker[Session]) -> None:
    items = [birth(1, f"d{i}") for i in range(50)] + [
        event(s, device=f"d{i}") for s in range(1, 5) for i in range(50)
    ]
    result = store(sessions, *items)
    assert result.stored == 200 and count(sessions, Device) == 50 and count(sessions, SeqGap) == 0
    assert all(len(ids) == 4 for ids in result.acks.values())


def test_a_malformed_request_carrying_a_national_id_is_dead_lettered_without_the_id(
    sessions: sessionmaker[Session],
) -> None:
    """GIVEN a request published straight to the broker (bypassing the agent's checks) whose body holds a
    child's national ID and a wrong field WHEN it is dead-lettered THEN only the field's shape is kept."""
    body = {"v": 1, "type": "enrolment.register", "body": {"national_id": "A123456789", "bogus": 1}}
    topic = topics.topic_for(SITE, DEVICE, Channel.REQUEST, "enrolment.register")
    store(sessions, incoming(topic, json.dumps(body).encode()))
    with sessions() as session:
        rows = session.execute(select(DeadLetter.payload_prefix, DeadLetter.message)).all()
    assert len(rows) == 1
    kept = " ".join(rows[0])
    assert "A123456789" not in kept
    assert '"national_id":"<text 10>"' in kept  # the shape of the refused body, not its values


def test_a_new_session_at_seq_255_makes_one_gap_range_not_255_rows(sessions: sessionmaker[Session]) -> None:
    """Issue 13, Medium 7: 2,000 such messages made 510,000 rows; now each makes one range."""
    store(sessions, birth(1))
    jumps = [event(255, session=s) for s in range(2, 202)]
    assert all(len(j.payload) < 300 for j in jumps)
    result = store(sessions, *jumps)
    assert result.stored == 200 and result.dead_letters == 0
    with sessions() as session:
        ranges = session.execute(select(SeqGap.session, SeqGap.first_seq, SeqGap.last_seq)).all()
    assert sorted(tuple(r) for r in ranges) == [(s, 0, 254) for s in range(2, 202)]
    assert device(sessions).session == 201 and device(sessions).last_seq == 255


def test_a_forged_session_is_dead_lettered_with_its_reason_and_changes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    """Issue 13: session 2^53-1 is refused (it would make every real session look stale), said why."""
    store(sessions, birth(3), event(1, session=3))
    forged = event(255, session=2**53 - 1)
    forged_birth = birth(2**53 - 1)
    real = event(2, session=3)
    result = store(sessions, forged, forged_birth, real)
    assert (result.stored, result.dead_letters) == (1, 2)
    assert result.acks == {(SITE, DEVICE): [json.loads(real.payload)["id"]]}  # the forged one is not acked
    state = device(sessions)
    assert (state.session, state.last_seq, state.online) == (3, 2, True)
    with sessions() as session:
        letters = session.scalars(select(DeadLetter).order_by(DeadLetter.id)).all()
        assert [d.reason for d in letters] == ["session_jump", "session_jump"]
    assert (
        "9007199254740991" in letters[0].message and "ahead of the device's session 3" in letters[0].message
    )
    assert count(sessions, SeqGap) == 0 and count(sessions, Event) == 2
    store(sessions, birth(4))  # the device's next real session is still taken
    assert device(sessions).session == 4
