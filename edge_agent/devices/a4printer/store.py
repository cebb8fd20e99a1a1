"""Which job id became which CUPS job, kept on disk so a resent job prints once even after an agent restart."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

SCHEMA = "CREATE TABLE IF NOT EXISTS a4_jobs (job TEXT PRIMARY KEY, cups_job INTEGER NOT NULL, queue TEXT NOT NULL)"


class JobStore:
    """``job id → CUPS job id`` in SQLite (``:memory:`` for a throw-away store)."""

    def __init__(self, path: Path | str = ":memory:") -> None:
        if isinstance(path, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)
        self._lock = threading.Lock()

    def get(self, job: str) -> int | None:
        with self._lock:
            row = self._db.execute("SELECT cups_job FROM a4_jobs WHERE job = ?", (job,)).fetchone()
        return None if row is None else int(row[0])

    def put(self, job: str, cups_job: int, queue: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO a4_jobs VALUES (?, ?, ?)", (job, cups_job, queue))

    def close(self) -> None:
        self._db.close()
