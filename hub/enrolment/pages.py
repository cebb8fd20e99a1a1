"""The public live board: a server-rendered page (/enrolment/board) kept current by server-sent events.

The stream (``GET /api/v1/enrolment/board/stream``) first sends every row of the phase, then the rows of each
kindergarten whose board changed in this hub process (registration, draw, check-in, close, quota edit), as
soon as that change commits, and every POLL_S (and on each reconnect) whatever another hub process changed. No login: the board holds
only counts per kindergarten and class type.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import pathlib
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response, StreamingResponse

from hub.api.deps import SessionDep
from hub.enrolment.api import YearDep, year_of
from hub.enrolment.live import BUS, Change
from hub.enrolment.queries import board_rows
from hub.web.render import page

router = APIRouter()
STATIC = pathlib.Path(__file__).resolve().parent / "static"
PhaseQ = Annotated[int, Query(ge=1, le=3, description="registration phase 1, 2 or 3")]
CodeQ = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,16}$", description="one kindergarten")]
#: Re-read the whole board this often for changes another hub process committed (seed 000: ≤ 5 minutes).
POLL_S = 5.0
#: A stream's lifetime: uvicorn waits for open responses when the hub stops, so none may be endless; the
#: browser reconnects after RECONNECT_MS with its last event id and gets only what it missed (see ``digest``).
STREAM_S = 8.0
RECONNECT_MS = 500
#: How often a quiet stream looks whether its browser has gone.
CHECK_S = 1.0
FIELDS = ("places", "registrations", "vacancies")


def _sse(kind: str, data: dict[str, Any], event_id: str) -> bytes:
    return f"id: {event_id}\nevent: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return row["kindergarten"], row["pool"]


def digest(state: dict[tuple[str, str], tuple[Any, ...]]) -> str:
    """A fingerprint of the figures a browser shows: the event id, so a reconnect that missed nothing (its
    Last-Event-ID still matches the board) gets no full resend. Same in every hub process."""
    text = json.dumps(sorted((list(k), list(v)) for k, v in state.items()), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def values_of(rows: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {_key(r): tuple(r[f] for f in FIELDS) for r in rows}


@router.get("/api/v1/enrolment/board/stream", tags=["enrolment"])
async def board_stream(
    request: Request,
    phase: PhaseQ = 1,
    kindergarten: CodeQ = None,
    since: Annotated[str | None, Query(pattern=r"^[0-9a-f]{20}$", description="the page's digest")] = None,
) -> StreamingResponse:
    """Server-sent events ``rows`` = ``{"phase", "rows": [...]}`` (rows as ``GET /board``): all rows first,
    then only rows whose places, registrations or vacancies changed; each event's id is the digest of what
    the browser now shows. If ``Last-Event-ID`` (or ``since``) matches the board, the first full send is
    skipped. The stream ends after STREAM_S."""
    known = request.headers.get("last-event-id") or since
    year = year_of(request)
    sub = BUS.subscribe()  # before the first read, so no change falls between the two

    def read(codes: set[str] | None) -> list[dict[str, Any]]:
        with request.app.state.sessions() as session:
            if codes is None:
                return board_rows(session, year, phase, kindergarten)
            rows: list[dict[str, Any]] = []
            for code in sorted(codes):
                rows += board_rows(session, year, phase, code)
            return rows

    async def events() -> AsyncIterator[bytes]:
        sent: dict[tuple[str, str], tuple[Any, ...]] = {}
        clock = asyncio.get_running_loop().time
        end_at = clock() + STREAM_S

        def fresh(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out = []
            for row in rows:
                values = tuple(row[f] for f in FIELDS)
                if sent.get(_key(row)) != values:
                    sent[_key(row)] = values
                    out.append(row)
            return out

        def send(rows: list[dict[str, Any]]) -> bytes:
            return _sse("rows", {"phase": phase, "rows": rows}, digest(sent))

        try:
            yield f"retry: {RECONNECT_MS}\n\n".encode()
            current = await run_in_threadpool(read, None)
            if known is not None and digest(values_of(current)) == known:
                sent.update(values_of(current))  # the browser shows exactly this already
            while True:
                if rows := fresh(current):  # on connect, then every poll
                    yield send(rows)
                poll_at = min(clock() + POLL_S, end_at)
                while (wait := poll_at - clock()) > 0:
                    try:
                        first: Change = await asyncio.wait_for(sub.queue.get(), min(wait, CHECK_S))
                    except TimeoutError:
                        if await request.is_disconnected():
                            return
                        continue
                    changes = {first}
                    while not sub.queue.empty():  # coalesce a burst into one read
                        changes.add(sub.queue.get_nowait())
                    if sub.overflowed:
                        sub.overflowed = False
                        break  # read everything now
                    codes = {kg for kg, ph in changes if ph == phase}
                    if kindergarten is not None:
                        codes &= {kindergarten}
                    if codes and (rows := fresh(await run_in_threadpool(read, codes))):
                        yield send(rows)
                if clock() >= end_at or await request.is_disconnected():
                    return
                yield b": keep-alive\n\n"
                current = await run_in_threadpool(read, None)
        finally:
            sub.close()

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


@router.get("/enrolment/board", include_in_schema=False)
def board_page(request: Request, session: SessionDep, year: YearDep, phase: PhaseQ = 1) -> Response:
    """公立幼兒園招生即時看板 — the public live board, updated in place by the stream."""
    rows = board_rows(session, year, phase)
    return page(request, "enrolment/board.html", rows=rows, phase=phase, year=year.roc_year,
                digest=digest(values_of(rows)))  # fmt: skip


@router.get("/enrolment/static/{name}", include_in_schema=False)
def static(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() or not path.is_file():
        raise HTTPException(404, "no such file")
    return FileResponse(path, headers={"Cache-Control": "max-age=3600"})
