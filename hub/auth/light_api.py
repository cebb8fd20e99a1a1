"""``POST /api/v1/auth/light``: light identification (national ID + birth date) over HTTP for low-risk online
services. It opens a light-assurance session that card-only services refuse; attempts are rate-limited per
client address; the ID is never logged, stored or echoed (not even in a 422), only its last 4 digits."""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, FastAPI, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from hub.api.deps import SessionDep
from hub.auth.national_id import InvalidIdentification, identify_light
from hub.auth.ratelimit import RateLimiter
from hub.auth.store import SqlSessions
from wire import check_device_id

log = logging.getLogger(__name__)
router = APIRouter(tags=["auth"])  # mounted in hub.auth.api.router (prefix /api/v1/auth)
DEFAULT_ORIGIN = "online"  # the origin of a light session opened without one (a web service)
_TW = timedelta(hours=8)


class LightIn(BaseModel):
    """The request body (documented; parsed by hand so that no error can echo the ID)."""

    model_config = ConfigDict(extra="forbid")
    national_id: str = Field(
        max_length=32, description="ROC national ID, e.g. A123456789 (check digit verified)"
    )
    birth_date: str = Field(max_length=32, description="1985-03-15, or ROC 74/03/15")
    origin: str | None = Field(
        None, description="the device or service id the session is for (default online)"
    )


class LightOut(BaseModel):
    session: str
    assurance: str = Field("light", description="never accepted where the card is required")
    id_last4: str
    idle_timeout_s: float


class LightRefusal(BaseModel):
    field: str
    message: str


def bind_app(app: FastAPI) -> None:
    app.state.light_limiter = RateLimiter(app.state.settings.light_id_per_minute, 60.0)


def _today_tw() -> date:
    return (datetime.now(UTC) + _TW).date()


def _refuse(field: str, message: str) -> JSONResponse:
    body = LightRefusal(field=field, message=message).model_dump()
    return JSONResponse(body, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


def _fields(payload: Any) -> tuple[str, str, str] | JSONResponse:
    if not isinstance(payload, dict):
        return _refuse("body", 'send a JSON object {"national_id": ..., "birth_date": ...}')
    unknown = sorted(set(payload) - set(LightIn.model_fields))
    if unknown:
        return _refuse(str(unknown[0])[:40], "is not a field of this request")
    values: list[str] = []
    for name in ("national_id", "birth_date"):
        value = payload.get(name)
        if not isinstance(value, str) or not 0 < len(value) <= 32:
            return _refuse(name, "is required: a text of at most 32 characters")
        values.append(value)
    origin = payload.get("origin", DEFAULT_ORIGIN) or DEFAULT_ORIGIN
    try:
        origin = check_device_id(origin) if isinstance(origin, str) else check_device_id("")
    except ValueError as exc:
        return _refuse("origin", str(exc))
    return values[0], values[1], origin


@router.post(
    "/light",
    response_model=LightOut,
    responses={
        422: {"model": LightRefusal, "description": "which field is wrong; the value is never repeated"},
        429: {"description": "too many attempts from this address; Retry-After says when to try again"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": LightIn.model_json_schema()}},
        }
    },
)
def light(request: Request, session: SessionDep, payload: Annotated[Any, Body()] = None) -> Any:
    """Identify with national ID + birth date for a low-risk service; a light session, never a card one."""
    settings = request.app.state.settings
    client = request.client.host if request.client is not None else "unknown"
    wait = request.app.state.light_limiter.attempt(client, time.monotonic())
    if wait:
        seconds = math.ceil(wait)
        return JSONResponse(
            {"detail": f"too many identification attempts from this address; try again in {seconds} s"},
            status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(seconds)},
        )
    fields = _fields(payload)
    if isinstance(fields, JSONResponse):
        return fields
    national_id, birth_date, origin = fields
    key = settings.light_id_key.get_secret_value().encode()
    try:
        identity = identify_light(national_id, birth_date, _today_tw(), key)
    except InvalidIdentification as exc:
        return _refuse(exc.field, exc.message)
    with session.begin():
        token = SqlSessions(session, settings.citizen_idle_timeout_s).open_light(origin, identity)
    log.info("light identification: session opened for %s", origin)
    return LightOut(session=token, id_last4=identity.id_last4, idle_timeout_s=settings.citizen_idle_timeout_s)
