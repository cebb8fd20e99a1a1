"""Staff pages of ratings (/staff/ratings): live dashboard, alarm history, statistics with charts, CSV."""

from __future__ import annotations

import json
import pathlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy import select

from hub.api.deps import SessionDep
from hub.ratings import service
from hub.ratings.api import AlarmId, SiteFilter, StatsDep, stats_csv, stats_view
from hub.ratings.models import RatingCounter, RatingOffice
from hub.ratings.service import RatingsError
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page

router = APIRouter(include_in_schema=False)
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]
StaffPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
STATIC = pathlib.Path(__file__).resolve().parent / "static"


@router.get("/staff/ratings/static/{name}", include_in_schema=False)
def static(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() or not path.is_file():
        raise HTTPException(404, "no such file")
    return FileResponse(path, headers={"Cache-Control": "max-age=3600"})


def _offices(session: SessionDep) -> list[RatingOffice]:
    return list(session.scalars(select(RatingOffice).order_by(RatingOffice.site)))


@router.get("/staff/ratings/dashboard", include_in_schema=False)
def dashboard(
    request: Request, session: SessionDep, staff: SupervisorPage, site: SiteFilter = None
) -> Response:
    alarms = service.open_alarms(session, site)
    counters = list(
        session.scalars(select(RatingCounter).order_by(RatingCounter.site, RatingCounter.counter))
    )
    return page(request, "ratings/dashboard.html", alarms=alarms, site=site, offices=_offices(session),
                counters=counters, last_id=max((a["id"] for a in alarms), default=0))  # fmt: skip


@router.post("/staff/ratings/alarms/{alarm_id}/ack", include_in_schema=False)
def ack_page(
    request: Request, alarm_id: AlarmId, session: SessionDep, staff: SupervisorPage,
    note: Annotated[str, Form(max_length=service.NOTE_MAX)] = "", back: Annotated[str, Form()] = "dashboard",
) -> Response:  # fmt: skip
    try:
        with session.begin():
            service.acknowledge(session, alarm_id, staff.name, note)
    except RatingsError as exc:
        alarms = service.open_alarms(session)
        return page(request, "ratings/dashboard.html", exc.status, alarms=alarms, site=None, error=str(exc),
                    offices=_offices(session), counters=[], last_id=max((a["id"] for a in alarms), default=0))  # fmt: skip
    target = "/staff/ratings/alarms" if back == "history" else "/staff/ratings/dashboard"
    return RedirectResponse(target, status_code=303)


@router.get("/staff/ratings/alarms", include_in_schema=False)
def history(
    request: Request, session: SessionDep, staff: SupervisorPage, site: SiteFilter = None
) -> Response:
    return page(request, "ratings/history.html", alarms=service.alarm_history(session, site), site=site,
                offices=_offices(session))  # fmt: skip


@router.get("/staff/ratings/stats", include_in_schema=False)
def stats_page(request: Request, session: SessionDep, staff: StaffPage, q: StatsDep) -> Response:
    s = stats_view(session, staff, q)
    chart = _chart_data(s["buckets"])
    return page(request, "ratings/stats.html", stats=s, chart=json.dumps(chart, ensure_ascii=False),
                site=q.site, offices=_offices(session), query=request.url.query)  # fmt: skip


@router.get("/staff/ratings/stats.csv", include_in_schema=False)
def stats_csv_page(session: SessionDep, staff: StaffPage, q: StatsDep) -> Response:
    return stats_csv(session, staff, q)


def _chart_data(buckets: list[Any]) -> dict[str, Any]:
    """Satisfaction % per key over the periods (line chart) and button counts per key (stacked bars)."""
    periods = sorted({b.period for b in buckets})
    keys = sorted({b.key for b in buckets})
    by = {(b.period, b.key): b for b in buckets}
    share = {k: [None if (b := by.get((p, k))) is None or b.satisfaction is None else round(b.satisfaction * 100, 1)
                 for p in periods] for k in keys}  # fmt: skip
    from hub.ratings.statistics import BUTTONS

    counts = {
        btn.value: [sum(b.counts.get(btn, 0) for b in buckets if b.key == k) for k in keys] for btn in BUTTONS
    }
    unsolicited = [sum(b.unsolicited for b in buckets if b.key == k) for k in keys]
    return {"periods": periods, "keys": keys, "share": share, "counts": counts, "unsolicited": unsolicited}
