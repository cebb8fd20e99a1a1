"""``GET /api/v1/health``: is the database reachable, is the broker connected."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, ConfigDict
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hub.api.deps import SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["health"])


class Health(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: str  # ok | degraded
    instance: str
    database: bool
    broker: bool | None  # None: this app runs without an MQTT consumer
    ingest: dict[str, int] | None = None  # this process's counts since start (stored, duplicates, ...)


@router.get("/health", response_model=Health)
def health(request: Request, response: Response, session: SessionDep, settings: SettingsDep) -> Health:
    try:
        session.execute(text("SELECT 1"))
        database = True
    except SQLAlchemyError:
        database = False
    link = request.app.state.hub_link
    broker = None if link is None else bool(link.connected)
    ok = database and broker is not False
    if not ok:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    stats = getattr(request.app.state, "ingest_stats", None)
    ingest = None if stats is None else {k: v for k, v in asdict(stats).items() if isinstance(v, int)}
    return Health(
        status="ok" if ok else "degraded",
        instance=settings.instance_id,
        database=database,
        broker=broker,
        ingest=ingest,
    )
