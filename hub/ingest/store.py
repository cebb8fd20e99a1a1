"""One ingest batch in one transaction: dead letters, events stored once, handlers, device state, gaps.

The caller owns the transaction (``with sessions() as s, s.begin(): store_batch(s, batch)``) and
acknowledges nothing until it committed. Written with SQLAlchemy Core: one multi-row statement per
table, no ORM object per message. Safe with several hub processes on PostgreSQL: the batch's device
rows are locked (in id order, so two hubs never deadlock) before anything is read or written, and the
event insert is ``ON CONFLICT DO NOTHING`` so a repeat stored by another hub is simply not new here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from hub.core.live import LiveBus, after_commit
from hub.devices import gaps
from hub.devices import state as rules
from hub.devices.models import Command, DeadLetter, Device, Event
from hub.ingest import known_devices
from hub.ingest.dead_letters import excerpt, short_reason
from hub.ingest.handlers import EventHandler, event_handlers
from wire import Channel, Decoded, DecodeError, Reason, decode
from wire.ids import mask_national_ids

log = logging.getLogger(__name__)

_DEVICES: Table = Device.__table__  # type: ignore[assignment]
_EVENTS: Table = Event.__table__  # type: ignore[assignment]
_DEAD: Table = DeadLetter.__table__  # type: ignore[assignment]
_COMMANDS: Table = Command.__table__  # type: ignore[assignment]
_STATE_COLUMNS = ("online", "session", "last_seq")
#: The ids of the devices a committed batch touched (birth, death, health, any message), for live pages.
DEVICE_CHANGES: LiveBus[frozenset[str]] = LiveBus()


@dataclass(frozen=True, slots=True)
class Incoming:
    """A message as it came off the broker."""

    topic: str
    payload: bytes
    received_at: int


@dataclass(slots=True)
class BatchResult:
    """What the caller does after COMMIT: ack these event ids per (site, device), answer these requests."""

    acks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: which topic contract versions each acked device spoke in this batch (answer in the same ones)
    ack_versions: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    requests: list[Decoded] = field(default_factory=list)
    stored: int = 0
    duplicates: int = 0
    dead_letters: int = 0


def dead_letter_row(
    topic: str, payload: bytes, reason: str, message: str, received_at: int
) -> dict[str, Any]:
    """A dead_letters row: reason, topic, size and a redacted excerpt (``hub.ingest.dead_letters``), never
    the body's values: a malformed request from a kiosk may carry a citizen's ID or a query password."""
    return {
        "topic": mask_national_ids(_clean(topic))[:512],
        "reason": reason[:32],
        "message": mask_national_ids(_clean(short_reason(message))),
        "payload_prefix": mask_national_ids(_clean(excerpt(payload))),
        "size": len(payload),
        "received_at": received_at,
    }


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _clean(text: str) -> str:
    return text.replace("\x00", "\\x00")


def insert_ignore(session: Session, table: Table) -> Any:
    """``INSERT .. ON CONFLICT DO NOTHING`` in the session's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing()


class Prepared(NamedTuple):
    """A message decoded before its batch is stored (``prepare_message``): the ingest's network thread does this while
    the writer inserts and commits the batch before it (issue 19). Exactly one of ``decoded`` and ``dead`` is
    set; ``row`` is the event row for an event (the body already JSON text). ``topic``, ``payload`` and
    ``received_at`` are the ``Incoming``'s, so a ``Prepared`` stands in for it wherever one is read."""

    topic: str
    payload: bytes
    received_at: int
    decoded: Decoded | None
    dead: dict[str, Any] | None
    row: tuple[Any, ...] | None


def prepare_message(topic: str, payload: bytes, received_at: int) -> Prepared:
    """Decode and check one message (no database): the decoded message and its event row, or its dead letter.
    By its parts: the consumer's network thread makes no ``Incoming``."""
    try:
        msg = decode(topic, payload)
    except DecodeError as exc:
        dead = dead_letter_row(topic, payload, exc.reason.value, exc.message, received_at)
        return Prepared(topic, payload, received_at, None, dead, None)
    if b"\\u0000" in payload and _has_nul(msg.envelope.body):  # PostgreSQL cannot store it
        why = "text contains a NUL character (\\u0000), which cannot be stored"
        dead = dead_letter_row(topic, payload, Reason.BAD_BODY.value, why, received_at)
        return Prepared(topic, payload, received_at, None, dead, None)
    row = None
    address = msg.address
    if address.channel is Channel.EVENT:
        env = msg.envelope
        row = (env.id, env.device, address.site, env.type, env.session, env.seq, env.ts, received_at,
               env.historical, msg.body.model_dump_json())  # fmt: skip
    return Prepared(topic, payload, received_at, msg, None, row)


def store_batch(
    session: Session, batch: Sequence[Incoming | Prepared], *, max_unknown_devices: int | None = None
) -> BatchResult:
    """Store one batch (messages as received, or already through ``prepare_message``). ``max_unknown_devices``: how many
    devices no registry knows may have a row (None: no cap); the messages of a device beyond it are dead
    letters (``hub.ingest.known_devices``)."""
    result = BatchResult()
    dead: list[dict[str, Any]] = []
    ready: list[Prepared] = []
    for item in batch:
        prepared = (
            item if type(item) is Prepared else prepare_message(item.topic, item.payload, item.received_at)
        )
        if prepared.decoded is None:
            assert prepared.dead is not None
            dead.append(prepared.dead)
        else:
            ready.append(prepared)
    sites = {p.decoded.address.device: p.decoded.address.site for p in ready}  # type: ignore[union-attr]
    states, unknown = _lock_devices(session, sites, max_unknown_devices)
    tracker = _Tracker(states)
    decoded: list[tuple[Decoded, int]] = []
    rows: list[tuple[Any, ...]] = []
    for prepared in ready:
        msg, received_at = prepared.decoded, prepared.received_at
        assert msg is not None
        if unknown and msg.address.device in unknown:
            assert max_unknown_devices is not None
            why = known_devices.refusal(msg.address.device, max_unknown_devices)
            dead.append(dead_letter_row(msg.address.topic, msg.envelope.model_dump_json().encode(),
                                        known_devices.REASON, why, received_at))  # fmt: skip
            continue
        refusal = tracker.apply(msg, received_at)
        if refusal is None:
            decoded.append((msg, received_at))
            if prepared.row is not None:
                rows.append(prepared.row)
        else:
            dead.append(dead_letter_row(msg.address.topic, msg.envelope.model_dump_json().encode(),
                                        "session_jump", refusal, received_at))  # fmt: skip
    new_ids = _insert_events(session, rows, result)
    handlers: dict[str, list[EventHandler]] = {}  # per type, looked up once per batch
    for msg, received_at in decoded:
        channel = msg.address.channel
        if channel is Channel.EVENT:
            env = msg.envelope
            key = (msg.address.site, msg.address.device)
            acked = result.acks.get(key)
            if acked is None:
                acked = result.acks[key] = []
                result.ack_versions[key] = set()
            acked.append(env.id)
            result.ack_versions[key].add(msg.address.version)
            if env.id in new_ids:
                new_ids.discard(env.id)  # a repeat inside this batch runs no handler
                run = handlers.get(env.type)
                if run is None:
                    run = handlers[env.type] = event_handlers(env.type)
                failure = _run_handlers(session, msg, run) if run else None
                if failure is not None:
                    dead.append(failure | {"received_at": received_at})
                    result.stored -= 1
        elif channel is Channel.REQUEST:
            result.requests.append(msg)
        elif channel is Channel.COMMAND_ACK and not _command_acked(session, msg, received_at):
            dead.append(
                dead_letter_row(
                    msg.address.topic,
                    msg.envelope.model_dump_json().encode(),
                    "unknown_command",
                    f"cmdack for command {msg.envelope.corr!r}, which was not sent to this device",
                    received_at,
                )
            )
    tracker.flush(session)
    if tracker.changes and DEVICE_CHANGES.subscribers:  # nobody watching: not even the after-commit hook
        touched = frozenset(tracker.changes)
        after_commit(session, lambda: DEVICE_CHANGES.publish(touched))
    if dead:
        session.execute(_DEAD.insert(), dead)
    result.dead_letters = len(dead)
    return result


def _lock_devices(
    session: Session, sites: dict[str, str], max_unknown: int | None
) -> tuple[dict[str, rules.DeviceState], set[str]]:
    """Make sure every device of the batch has a row, lock those rows (id order), return their state; and the
    devices refused a row because no registry knows them and the unknown devices' cap is reached."""
    if not sites:
        return {}, set()
    ids = sorted(sites)
    cols = _DEVICES.c
    query = (
        select(cols.id, cols.online, cols.session, cols.last_seq).where(cols.id.in_(ids)).order_by(cols.id)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    found = {row.id: row for row in session.execute(query)}
    admitted, refused = known_devices.admit(session, (i for i in ids if i not in found), max_unknown)
    missing = sorted(admitted)
    if missing:
        session.execute(
            insert_ignore(session, _DEVICES), [{"id": i, "site": sites[i], "online": False} for i in missing]
        )
        found.update({row.id: row for row in session.execute(query.where(cols.id.in_(missing)))})
    states = {i: rules.DeviceState(bool(r.online), r.session, r.last_seq) for i, r in found.items()}
    return states, refused


_EVENT_COLUMNS = ("id", "device", "site", "type", "session", "seq", "ts", "received_at", "historical", "body")
_SQLITE_INSERT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})"
)
_SQLITE_THERE = "SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))"
_PG_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS ingest_events (LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
)
_PG_COPY = f"COPY ingest_events ({', '.join(_EVENT_COLUMNS)}) FROM STDIN"
_PG_MOVE = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) SELECT {', '.join(_EVENT_COLUMNS)} FROM ingest_events "
    "ORDER BY id ON CONFLICT (id) DO NOTHING RETURNING id"
)


def _insert_events(session: Session, events: list[tuple[Any, ...]], result: BatchResult) -> set[str]:
    """Insert the batch's new events (rows made by ``prepare_message``, a repeat's first one counts) in one statement
    per database round trip; return the ids inserted.

    Rows go to the driver as plain tuples with the body already JSON text (no per-row SQLAlchemy
    processing): ``executemany`` on SQLite, ``COPY`` into a per-connection staging table and one
    ``INSERT .. SELECT .. ON CONFLICT DO NOTHING RETURNING id`` on PostgreSQL.
    """
    if not events:
        return set()
    rows: dict[str, tuple[Any, ...]] = {}
    for row in events:
        if row[0] not in rows:
            rows[row[0]] = row
    ordered = [rows[k] for k in sorted(rows)]  # one insert order for every hub: no deadlocks
    connection = session.connection()
    if session.get_bind().dialect.name == "sqlite":
        # BEGIN IMMEDIATE holds the only write lock, so "not there before" is exactly "inserted now"
        ids = json.dumps(list(rows))  # one parameter instead of a thousand bound ones
        there = {r[0] for r in connection.exec_driver_sql(_SQLITE_THERE, (ids,))}
        fresh = [r for r in ordered if r[0] not in there]
        if fresh:
            connection.exec_driver_sql(_SQLITE_INSERT, fresh)
        new_ids = set(rows) - there
    else:
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor:
            cursor.execute(_PG_STAGE)
            with cursor.copy(_PG_COPY) as copy:
                for row in ordered:
                    copy.write_row(row)
            cursor.execute(_PG_MOVE)
            new_ids = {r[0] for r in cursor.fetchall()}
            cursor.execute(
                "DELETE FROM ingest_events"
            )  # handlers may run more statements in this transaction
    result.stored = len(new_ids)
    result.duplicates = len(events) - len(new_ids)
    return new_ids


def _run_handlers(session: Session, msg: Decoded, handlers: list[EventHandler]) -> dict[str, Any] | None:
    """Run the feature handlers of a new event in a savepoint; on failure undo them and drop the event."""
    try:
        with session.begin_nested():
            for handler in handlers:
                handler(session, msg)
    except Exception as exc:
        log.exception("handler for %s event %s failed", msg.envelope.type, msg.envelope.id)
        session.execute(delete(_EVENTS).where(_EVENTS.c.id == msg.envelope.id))
        row = dead_letter_row(
            msg.address.topic,
            msg.envelope.model_dump_json().encode(),
            "handler_error",
            f"{msg.envelope.type} {msg.envelope.id}: {type(exc).__name__}: {exc}",
            0,
        )
        return row
    return None


def _command_acked(session: Session, msg: Decoded, received_at: int) -> bool:
    body = msg.body.model_dump(mode="json")
    cols = _COMMANDS.c
    stmt = (
        update(_COMMANDS)
        .where(cols.id == msg.envelope.corr, cols.device == msg.address.device)
        .values(status=body["status"], acked_at=received_at, detail=body.get("detail") or None)
    )
    return bool(msg.envelope.corr) and session.execute(stmt).rowcount == 1  # type: ignore[attr-defined]


class _Tracker:
    """Applies the pure device-state rules message by message, then writes the result in few statements."""

    def __init__(self, states: dict[str, rules.DeviceState]) -> None:
        self.states = states
        self.changes: dict[str, dict[str, Any]] = {}
        self.gaps: list[dict[str, Any]] = []
        self.fills: list[tuple[str, int, int, int]] = []

    def apply(self, msg: Decoded, received_at: int) -> str | None:
        """Apply one message's effect on its device; a reason if it must be refused (a forged session)."""
        env, device = msg.envelope, msg.address.device
        current = self.states[device]
        channel = msg.address.channel
        if channel is not Channel.STATE and (channel is not Channel.TELEMETRY or env.type != "health"):
            following = rules.next_in_order(current, env.session, env.seq)  # the common case, per event
            if following is not None:
                change = self.changes.get(device)
                if change is None:
                    change = self.changes[device] = {}
                change["last_seen"] = received_at
                self.states[device] = following
                return None
        if rules.forged(current, env.session):
            return (
                f"session {env.session} is more than {rules.MAX_SESSION_JUMP:,} ahead of the device's "
                f"session {current.session or 0}; a session grows by one per connect, so it is refused "
                "(accepting it would make every real session after it look stale)"
            )
        change = self.changes.setdefault(device, {})
        change["last_seen"] = received_at
        if msg.address.channel is Channel.STATE and env.type == "death":
            outcome = rules.on_death(current, env.session)
            if outcome.applied:
                change.update(death_at=env.ts, death_reason=env.body.get("reason"))
        elif msg.address.channel is Channel.STATE and env.type == "birth":
            outcome = rules.on_birth(current, env.session)
            if outcome.applied:
                body = msg.body.model_dump(mode="json")
                change.update(
                    site=msg.address.site,
                    kind=body["kind"],
                    agent_version=body["agent_version"],
                    config_version=body["config_version"],
                    components=body["components"],
                    queued_at_birth=body["queued"],
                    birth_at=env.ts,
                )
        else:
            outcome = rules.on_message(current, env.session, env.seq)
            if msg.address.channel is Channel.TELEMETRY and env.type == "health":
                health_ts = change.get("health_ts")
                if health_ts is None or env.ts >= health_ts:
                    change.update(health=msg.body.model_dump(mode="json"), health_ts=env.ts)
        self.states[device] = outcome.state
        session_no = outcome.state.session
        for first, last in outcome.missing:
            self.gaps.append({"device": device, "session": session_no, "first_seq": first,
                              "last_seq": last, "detected_at": received_at})  # fmt: skip
        if outcome.late is not None:
            late_session, late_seq = outcome.late
            self.fills.append((device, late_session, late_seq, received_at))
        return None

    def flush(self, session: Session) -> None:
        for device, change in self.changes.items():
            state = self.states[device]
            change.update(online=state.online, session=state.session, last_seq=state.last_seq)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for device, change in sorted(self.changes.items()):
            groups.setdefault(tuple(sorted(change)), []).append({"_id": device, **change})
        for keys, params in groups.items():
            if "health_ts" in keys:  # never replace newer health written by another hub
                for p in params:
                    self._write_health(session, p)
                keys = tuple(k for k in keys if k not in ("health", "health_ts"))
            stmt = update(_DEVICES).where(_DEVICES.c.id == bindparam("_id"))
            session.connection().execute(stmt, [{k: p[k] for k in (*keys, "_id")} for p in params])
        gaps.record(session, self.gaps)
        for device, session_no, seq, at in self.fills:
            gaps.fill(session, device, session_no, seq, at)

    @staticmethod
    def _write_health(session: Session, params: dict[str, Any]) -> None:
        cols = _DEVICES.c
        stmt = (
            update(_DEVICES)
            .where(cols.id == params["_id"])
            .where((cols.health_ts.is_(None)) | (cols.health_ts <= params["health_ts"]))
            .values(health=params["health"], health_ts=params["health_ts"])
        )
        session.execute(stmt)
