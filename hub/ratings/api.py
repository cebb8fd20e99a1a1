"""HTTP API of ratings (/api/v1/ratings) and the supervisor's live alarm stream (server-sent events).

The staff pages (/staff/ratings) are in ``hub.ratings.pages``."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from hub.api.deps import SessionDep
from hub.core.live import STOP_CHECK_S, STOPPING
from hub.ratings import service
from hub.ratings.runtime import RUNTIME
from hub.ratings.service import RatingsError
from hub.ratings.statistics import Dimension, Period, day_range, overall, tally, to_csv
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role
from hub.web.render import TAIPEI

router = APIRouter()
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]
Staff = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]
AlarmId = Annotated[int, Path(ge=1, lt=2**53, description="an alarm id")]
SiteFilter = Annotated[
    str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="one office (site id)")
]
#: Also read new open alarms from the database this often: another hub process (shared subscriptions)
#: may have stored them, and its bus does not reach this process's browsers.
POLL_S = 5.0
#: A stream's lifetime is ``Settings.live_stream_s`` (5 minutes). uvicorn waits for open responses when the hub
#: stops: a stream ends at once then (``hub.core.live.STOPPING``), so it may be long. It was 8 s, and an alarm
#: raised while the browser reconnected waited for the reconnect (200 ms + a request): ~3 % of alarms (issue 19).
RECONNECT_MS = 200


def _fail(exc: RatingsError) -> HTTPException:
    return HTTPException(exc.status, str(exc))


class OfficeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100)]
    buzzer_device: str | None = None
    buzzer_counter: str | None = None


class CounterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    device: str
    name: Annotated[str, Field(min_length=1, max_length=100)]
    staff: str | None = None


class PromptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    site: str
    counter: str
    case_no: str | None = None


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[str, Field(min_length=1, max_length=service.NOTE_MAX)]


# -- JSON API ---------------------------------------------------------------------------------------
@router.put("/api/v1/ratings/offices/{site}", tags=["ratings"])
def put_office(site: str, body: OfficeIn, session: SessionDep, staff: Supervisor) -> dict[str, Any]:
    try:
        with session.begin():
            service.configure_office(session, site, body.name, body.buzzer_device, body.buzzer_counter)
    except RatingsError as exc:
        raise _fail(exc) from None
    return {"site": site, **body.model_dump()}


@router.put("/api/v1/ratings/counters/{site}/{counter}", tags=["ratings"])
def put_counter(
    site: str, counter: str, body: CounterIn, session: SessionDep, staff: Supervisor
) -> dict[str, Any]:
    try:
        with session.begin():
            service.configure_counter(session, site, counter, body.device, body.name, body.staff)
    except RatingsError as exc:
        raise _fail(exc) from None
    return {"site": site, "counter": counter, **body.model_dump()}


@router.post("/api/v1/ratings/prompts", tags=["ratings"], status_code=201)
def post_prompt(body: PromptIn, session: SessionDep, staff: Staff) -> dict[str, Any]:
    """Ask a counter's keypad for a rating without closing a case (e.g. after a one-time notice)."""
    try:
        with session.begin():
            prompt = service.prompt_counter(
                session, body.site, body.counter, case_no=body.case_no, staff=staff.name
            )
            prompt_id = prompt.id
    except RatingsError as exc:
        raise _fail(exc) from None
    return {"prompt": prompt_id}


@router.get("/api/v1/ratings/alarms", tags=["ratings"])
def get_alarms(
    session: SessionDep,
    staff: Supervisor,
    site: SiteFilter = None,
    open_only: bool = Query(False, alias="open"),
    limit: Annotated[int, Query(ge=1, le=1000, description="newest first, at most this many")] = 200,
) -> list[dict[str, Any]]:
    return service.open_alarms(session, site) if open_only else service.alarm_history(session, site, limit)


@router.post("/api/v1/ratings/alarms/{alarm_id}/ack", tags=["ratings"])
def post_ack(alarm_id: AlarmId, body: AckIn, session: SessionDep, staff: Supervisor) -> dict[str, Any]:
    try:
        with session.begin():
            alarm = service.acknowledge(session, alarm_id, staff.name, body.note)
            result = service.alarm_message(alarm, alarm.counter)
    except RatingsError as exc:
        raise _fail(exc) from None
    return result


EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _period(first: date | None, last: date | None) -> tuple[date, date, int, int]:
    for day in (first, last):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise HTTPException(422, f"dates must lie between {EARLIEST} and {LATEST}, not {day}")
    last = last or datetime.now(TAIPEI).date()
    first = first or last - timedelta(days=30)
    try:
        start, end = day_range(first, last)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    if (last - first).days > 3660:
        raise HTTPException(422, "ask for at most ten years at a time")
    return first, last, start, end


class StatsQuery:
    """The figures asked for: grouping, period and range (Taipei days), optionally one office."""

    def __init__(
        self, dimension: Dimension = Dimension.COUNTER, period: Period = Period.DAY,
        first: Annotated[date | None, Query(alias="from")] = None, last: Annotated[date | None, Query(alias="to")] = None,
        site: SiteFilter = None,
    ) -> None:  # fmt: skip
        self.dimension, self.period, self.first, self.last, self.site = dimension, period, first, last, site


StatsDep = Annotated[StatsQuery, Depends()]


def stats_view(session: SessionDep, staff: StaffPrincipal, q: StatsQuery) -> dict[str, Any]:
    first, last, start, end = _period(q.first, q.last)
    own = None if staff.role is Role.SUPERVISOR else staff.name  # staff see only their own figures
    rows = service.stat_rows(session, start, end, staff=own, site=q.site)
    return {"first": first, "last": last, "own_only": own is not None, "dimension": q.dimension, "period": q.period,
            "buckets": tally(rows, q.dimension, q.period), "overall": overall(rows)}  # fmt: skip


def _bucket_json(b: Any) -> dict[str, Any]:
    return {"key": b.key, "period": b.period, "counts": {k.value: v for k, v in b.counts.items()},
            "official_total": b.total, "satisfaction": b.satisfaction, "unsolicited_excluded": b.unsolicited}  # fmt: skip


@router.get("/api/v1/ratings/stats", tags=["ratings"])
def get_stats(session: SessionDep, staff: Staff, q: StatsDep) -> dict[str, Any]:
    s = stats_view(session, staff, q)
    return {"from": s["first"].isoformat(), "to": s["last"].isoformat(), "own_only": s["own_only"],
            "buckets": [_bucket_json(b) for b in s["buckets"]], "overall": _bucket_json(s["overall"])}  # fmt: skip


def stats_csv(session: SessionDep, staff: StaffPrincipal, q: StatsQuery) -> Response:
    s = stats_view(session, staff, q)
    name = f"ratings-{q.dimension.value}-{q.period.value}-{s['first']}-{s['last']}.csv"
    return Response(to_csv(s["buckets"], q.dimension), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/api/v1/ratings/stats.csv", tags=["ratings"])
def get_stats_csv(session: SessionDep, staff: Staff, q: StatsDep) -> Response:
    return stats_csv(session, staff, q)


# -- live stream ------------------------------------------------------------------------------------
def _sse(kind: str, data: dict[str, Any], event_id: int | None = None) -> bytes:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


@router.get("/api/v1/ratings/alarms/stream", tags=["ratings"])
async def alarm_stream(
    request: Request,
    staff: Supervisor,
    site: SiteFilter = None,
    after: Annotated[int, Query(ge=0, lt=2**53)] = 0,
) -> StreamingResponse:
    """Server-sent events: every open alarm newer than ``after``, then live ones as they commit in this process,
    and the open alarms another hub process stored, read every POLL_S beside them. A stream ends after
    ``live_stream_s``, or at once when the hub stops (uvicorn would wait for it), and the browser reconnects; the
    client drops alarms it already shows, so a reconnect sends the open ones again rather than trust
    Last-Event-ID across hub processes."""
    sub = RUNTIME.bus.subscribe()  # before reading the backlog, so nothing falls between the two

    def backlog() -> list[dict[str, Any]]:
        with request.app.state.sessions() as session:
            return service.open_alarms(session, site, after)

    async def poll() -> None:
        """Every POLL_S the open alarms into this stream's queue, read beside the live alarms rather than in front
        of them: the read took 100-400 ms under load, and a live alarm committed meanwhile waited (issue 19)."""
        while True:
            await asyncio.sleep(POLL_S)
            for alarm in await run_in_threadpool(backlog):
                sub.deliver({"type": "alarm", "alarm": alarm})

    async def events() -> AsyncIterator[bytes]:
        sent: set[int] = set()  # ids, not a watermark: on PostgreSQL ids need not commit in order
        clock = asyncio.get_running_loop().time
        end_at = clock() + request.app.state.settings.live_stream_s
        poller: asyncio.Task[None] | None = None
        try:
            yield f"retry: {RECONNECT_MS}\n\n".encode()
            for alarm in await run_in_threadpool(backlog):  # on connect
                sent.add(alarm["id"])
                yield _sse("alarm", alarm, alarm["id"])
            poller = asyncio.create_task(poll())
            while True:
                window_end = min(clock() + POLL_S, end_at)
                while (wait := window_end - clock()) > 0 and not STOPPING.is_set():
                    try:  # asyncio.timeout, not wait_for: no task per wait, so fewer loop passes per alarm
                        async with asyncio.timeout(min(wait, STOP_CHECK_S)):
                            message = await sub.queue.get()
                    except TimeoutError:
                        continue
                    alarm = message["alarm"]
                    if site and alarm["site"] != site:
                        continue
                    if message["type"] == "alarm":
                        if alarm["id"] in sent:
                            continue  # already sent: from the backlog, the bus or an earlier poll
                        sent.add(alarm["id"])
                        if "trace" in alarm:  # Settings.trace_latency (benchmarks/rating_alarm.py)
                            alarm = {**alarm, "trace": {**alarm["trace"], "streamed_at": time.time() * 1000}}
                    else:  # acknowledged: a poll that read it as open just before must not bring it back
                        sent.add(alarm["id"])
                    yield _sse(message["type"], alarm, alarm["id"] if message["type"] == "alarm" else None)
                    if message["type"] == "alarm" and "trace" in alarm:
                        # resumed once uvicorn wrote those bytes to the socket: when they left the hub
                        yield _sse("trace", {"id": alarm["id"], "written_at": time.time() * 1000})
                if poller.done():
                    poller.result()  # the poll failed (database unreachable): end the stream, the browser retries
                if clock() >= end_at or STOPPING.is_set() or await request.is_disconnected():
                    return
                yield b": keep-alive\n\n"
        finally:
            if poller is not None:
                poller.cancel()
            sub.close()

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
