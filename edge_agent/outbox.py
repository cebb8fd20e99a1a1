"""Durable SQLite outbox: every event is kept until the hub acknowledged its id; survives SIGKILL.

Also holds the device's session counter (Sparkplug's bdSeq), persisted so it grows across restarts.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wire import Channel, Payload, new_message_id, now_ms

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    ts INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
_DELETE_CHUNK = 500


class OutboxError(RuntimeError):
    """The outbox file cannot be used (disk full, not a database, no permission)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One queued event: its place in the queue, its source id, type, creation time and JSON body."""

    pos: int
    id: str
    type: str
    ts: int
    body: str


class Outbox:
    """A queue of events in one SQLite file (WAL, synchronous=FULL), oldest first; thread-safe."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
            # Creating the schema needs no fsync (it is made again if lost); every later commit does.
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("PRAGMA synchronous=FULL")
            (self._depth,) = self._db.execute("SELECT count(*) FROM outbox").fetchone()
            # Readers get their own connection: in WAL mode they never wait for a writer's fsync.
            self._reader = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
        except (OSError, sqlite3.Error) as exc:
            raise OutboxError(f"outbox {self.path} cannot be opened: {exc}") from None
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()

    # -- events -----------------------------------------------------------------------------------

    def add(self, body: Payload, *, msg_id: str | None = None, ts: int | None = None) -> Entry:
        """Store one event durably (committed and synced before returning) and return it."""
        return self.add_many([body], msg_ids=[msg_id] if msg_id else None, ts=ts)[0]

    def add_many(
        self, bodies: Sequence[Payload], *, msg_ids: Sequence[str] | None = None, ts: int | None = None
    ) -> list[Entry]:
        """Store several events in one transaction; all or none. Ids already queued are kept once."""
        if msg_ids is not None and len(msg_ids) != len(bodies):
            raise ValueError("give one message id per body")
        rows = []
        for i, body in enumerate(bodies):
            if getattr(type(body), "CHANNEL", None) is not Channel.EVENT:
                raise ValueError(f"{type(body).__name__} is not an event payload; only events are queued")
            rows.append(
                (
                    msg_ids[i] if msg_ids else new_message_id(),
                    body.TYPE,
                    now_ms() if ts is None else ts,
                    body.model_dump_json(),
                )
            )
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                entries = []
                inserted = 0
                for row in rows:
                    cur = self._db.execute(
                        "INSERT OR IGNORE INTO outbox (id, type, ts, body) VALUES (?, ?, ?, ?)", row
                    )
                    if cur.rowcount:
                        inserted += 1
                        entries.append(Entry(int(cur.lastrowid or 0), *row))
                    else:
                        found = self._db.execute(
                            "SELECT pos, id, type, ts, body FROM outbox WHERE id = ?", (row[0],)
                        ).fetchone()
                        entries.append(Entry(*found) if found else Entry(0, *row))
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise OutboxError(f"outbox {self.path}: cannot store events: {exc}") from None
            self._depth += inserted
            return entries

    def peek(self, after: int = 0, limit: int = 100) -> list[Entry]:
        """Up to ``limit`` queued events with ``pos`` greater than ``after``, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT pos, id, type, ts, body FROM outbox WHERE pos > ? ORDER BY pos LIMIT ?",
                (after, limit),
            ).fetchall()
        return [Entry(*row) for row in rows]

    def remove(self, ids: Iterable[str]) -> int:
        """Forget acknowledged events in one transaction; unknown ids are ignored. Returns how many went."""
        unique = list(dict.fromkeys(ids))
        if not unique:
            return 0
        removed = 0
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                for start in range(0, len(unique), _DELETE_CHUNK):
                    chunk = unique[start : start + _DELETE_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    removed += self._db.execute(f"DELETE FROM outbox WHERE id IN ({marks})", chunk).rowcount
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise OutboxError(f"outbox {self.path}: cannot remove acknowledged events: {exc}") from None
            self._depth -= removed
        return removed

    def depth(self) -> int:
        """How many events wait for the hub's acknowledgement."""
        return int(self._depth)

    # -- session counter --------------------------------------------------------------------------

    def next_session(self) -> int:
        """Add one to the persisted session counter and return it (call before every connect)."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('session', 1) "
                    "ON CONFLICT (key) DO UPDATE SET value = value + 1"
                )
                (value,) = self._db.execute("SELECT value FROM meta WHERE key = 'session'").fetchone()
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise OutboxError(f"outbox {self.path}: cannot advance the session counter: {exc}") from None
        return int(value)

    def session(self) -> int:
        """The last session number handed out (0 before the first connect)."""
        with self._read_lock:
            row = self._reader.execute("SELECT value FROM meta WHERE key = 'session'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        with self._lock, self._read_lock:
            self._reader.close()
            self._db.close()

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
