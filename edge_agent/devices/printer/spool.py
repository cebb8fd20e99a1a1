"""Durable print-job spool (SQLite): a job is stored before it prints and marked done after the cut.

Job ids come from the caller, so a retried request never queues a second copy. After a crash, a job left
``printing`` is printed again in full (the partial printout before the crash is not a finished copy).
The state becomes ``cutting`` just before the cut is sent: a job found ``cutting`` after a crash may
already be in the citizen's hand, so it becomes ``uncertain`` and waits for a person to say whether it came
out (confirm) or not (reprint) — it is never reprinted blindly. See docs/agent-api.md, receipt printer.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class JobState(StrEnum):
    PENDING = "pending"
    PRINTING = "printing"
    CUTTING = "cutting"  # everything up to the cut was sent; the cut is being sent now
    UNCERTAIN = "uncertain"  # the agent stopped while ``cutting``: printed or not, a person must say
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SpooledJob:
    id: str
    kind: str
    image_png: bytes
    state: JobState
    attempts: int
    interruptions: int
    reason: str
    case_no: str | None
    payment_no: str | None
    created_ms: int


_SCHEMA = """
CREATE TABLE IF NOT EXISTS print_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    image_png BLOB NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    interruptions INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    case_no TEXT,
    payment_no TEXT,
    created_ms INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
"""
_COLUMNS = "id, kind, image_png, state, attempts, interruptions, reason, case_no, payment_no, created_ms"


#: Only a job that may still print (pending, printing, cutting, uncertain) keeps its image: the uncertain-job
#: check reprints from it. A receipt image shows the case's query password, so a done one is not kept.
_FORGET_IMAGES = (
    "UPDATE print_jobs SET image_png=X'' WHERE state IN ('done', 'failed') AND length(image_png) > 0"
)


class PrintSpool:
    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA secure_delete=ON")  # a cleared image is overwritten, not left in a free page
        self._db.executescript(_SCHEMA)
        if self._db.execute(_FORGET_IMAGES).rowcount:  # a spool written before images were cleared
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _row(self, row: tuple[object, ...] | None) -> SpooledJob | None:
        if row is None:
            return None
        jid, kind, png, state, attempts, interruptions, reason, case_no, payment_no, created = row
        return SpooledJob(
            str(jid), str(kind), bytes(png), JobState(str(state)), int(attempts), int(interruptions),  # type: ignore[call-overload]
            str(reason), case_no, payment_no, int(created),  # type: ignore[arg-type,call-overload]
        )  # fmt: skip

    def add(
        self,
        job_id: str,
        kind: str,
        image_png: bytes,
        case_no: str | None = None,
        payment_no: str | None = None,
    ) -> tuple[SpooledJob, bool]:
        """Queue a job; (job, True) if new, (the existing job, False) if this id was queued before."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                existing = self._db.execute(
                    f"SELECT {_COLUMNS} FROM print_jobs WHERE id=?", (job_id,)
                ).fetchone()
                if existing is None:
                    seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM print_jobs").fetchone()[0]
                    self._db.execute(
                        "INSERT INTO print_jobs (id, kind, image_png, state, case_no, payment_no, created_ms, seq)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            job_id,
                            kind,
                            image_png,
                            JobState.PENDING.value,
                            case_no,
                            payment_no,
                            int(time.time() * 1000),
                            seq,
                        ),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        job = self.get(job_id)
        assert job is not None
        return job, existing is None

    def get(self, job_id: str) -> SpooledJob | None:
        with self._lock:
            return self._row(
                self._db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE id=?", (job_id,)).fetchone()
            )

    def next_job(self) -> SpooledJob | None:
        """The oldest job not finished yet (a ``printing`` one first: it was interrupted)."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM print_jobs WHERE state IN ('pending', 'printing') ORDER BY seq LIMIT 1"
            ).fetchone()
            return self._row(row)

    def _set(self, job_id: str, sql: str, args: tuple[object, ...]) -> None:
        with self._lock:
            self._db.execute(f"UPDATE print_jobs SET {sql} WHERE id=?", (*args, job_id))

    def started(self, job_id: str) -> None:
        self._set(job_id, "state=?, attempts=attempts+1", (JobState.PRINTING.value,))

    def interrupted(self, job_id: str, reason: str) -> None:
        """A job stopped before its cut; an uncertain one keeps its state and reason."""
        with self._lock:
            self._db.execute(
                "UPDATE print_jobs SET interruptions=interruptions+1, reason=? WHERE id=? AND state IN (?, ?)",
                (reason, job_id, JobState.PENDING.value, JobState.PRINTING.value),
            )

    def cut_sent(self, job_id: str) -> None:
        """Record, before the cut goes out, that the job may be complete from now on."""
        self._set(job_id, "state=?", (JobState.CUTTING.value,))

    def mark_uncertain(self, reason: str) -> list[SpooledJob]:
        """Jobs left ``cutting`` (the agent stopped around the cut) become ``uncertain``; returns them."""
        with self._lock:
            ids = [
                r[0]
                for r in self._db.execute(
                    "SELECT id FROM print_jobs WHERE state=?", (JobState.CUTTING.value,)
                )
            ]
            self._db.execute(
                "UPDATE print_jobs SET state=?, reason=? WHERE state=?",
                (JobState.UNCERTAIN.value, reason, JobState.CUTTING.value),
            )
        return [job for job in (self.get(i) for i in ids) if job is not None]

    def uncertain(self) -> list[SpooledJob]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM print_jobs WHERE state=? ORDER BY seq", (JobState.UNCERTAIN.value,)
            ).fetchall()
        return [job for job in (self._row(r) for r in rows) if job is not None]

    def resolve(self, job_id: str, printed: bool) -> SpooledJob:
        """An uncertain job: ``printed`` → done; not → pending again (printed in full once more, counted as an
        interruption). ValueError if the job is not uncertain (e.g. someone resolved it already)."""
        with self._lock:
            if printed:
                sql, args = (
                    "state=?, reason=?, image_png=X''",
                    (JobState.DONE.value, "confirmed printed after a restart"),
                )
            else:
                sql, args = "state=?, interruptions=interruptions+1, reason=?", (
                    JobState.PENDING.value, "reprint asked after a restart at the cut")  # fmt: skip
            changed = self._db.execute(
                f"UPDATE print_jobs SET {sql} WHERE id=? AND state=?",
                (*args, job_id, JobState.UNCERTAIN.value),
            ).rowcount
        job = self.get(job_id)
        if job is None:
            raise KeyError(job_id)
        if not changed:
            raise ValueError(f"print job {job_id} is {job.state.value}, not uncertain: nothing to resolve")
        if printed:
            self._scrub()
        return job

    def finished(self, job_id: str) -> None:
        """Done: the image (a receipt shows the query password) is deleted; nothing needs it any more."""
        self._set(job_id, "state=?, image_png=X''", (JobState.DONE.value,))
        self._scrub()

    def failed(self, job_id: str, reason: str) -> None:
        self._set(job_id, "state=?, reason=?, image_png=X''", (JobState.FAILED.value, reason))
        self._scrub()

    def _scrub(self) -> None:
        """Copy the WAL into the database file and empty it: older WAL frames still hold a deleted image."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def pending_count(self) -> int:
        with self._lock:
            return int(
                self._db.execute(
                    "SELECT COUNT(*) FROM print_jobs WHERE state IN ('pending','printing')"
                ).fetchone()[0]
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
