"""Core HTTP routes: devices with their state, gaps and health; dead letters; commands (rebirth).

Technicians only (supervisors pass every check): device state, command history and dead letters tell an
attacker which devices exist and what they were sent. Command bodies are shown with secrets redacted.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select

from firmware_config.redact import redact_secrets
from hub.api.deps import HubLinkDep, SessionDep
from hub.devices import gaps as gaps_module
from hub.devices.models import Command, DeadLetter, Device, SeqGap
from wire.errors import Reason


def technician(request: Request) -> Any:
    """The signed-in technician (or supervisor); 401/403 otherwise. The staff feature sits above this one and
    registers its role check on the app (``hub.staff.bind_app``); without it nobody gets in."""
    check = getattr(request.app.state, "require_staff", None)
    if check is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "staff sign-in is not available on this hub")
    return check(request, "technician")


router = APIRouter(prefix="/api/v1", tags=["devices"], dependencies=[Depends(technician)])

DeviceId = Annotated[str, Path(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62})$", description="device id")]
MAX_GAPS = 100


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class DeviceOut(_Out):
    id: str
    site: str
    kind: str | None
    online: bool
    session: int | None
    last_seq: int | None
    last_seen: int | None
    agent_version: str | None
    config_version: int | None


class GapOut(_Out):
    """Missing seq numbers ``first_seq..last_seq`` (inclusive) of one session; ``count`` of them."""

    session: int
    first_seq: int
    last_seq: int
    count: int
    detected_at: int
    filled_at: int | None


class DeviceDetail(DeviceOut):
    birth_at: int | None
    death_at: int | None
    death_reason: str | None
    components: list[str] | None
    queued_at_birth: int | None
    health: dict[str, Any] | None
    health_ts: int | None
    open_gaps: int
    gaps: list[GapOut]  # the newest first, at most 100


class DeadLetterOut(_Out):
    id: int
    topic: str
    reason: str
    message: str
    excerpt: str = Field(validation_alias=AliasChoices("payload_prefix", "excerpt"))  # shape, no values
    size: int
    received_at: int


class CommandOut(_Out):
    id: str
    device: str
    type: str
    body: dict[str, Any]
    status: str
    sent_at: int
    acked_at: int | None
    detail: str | None

    @field_validator("body")
    @classmethod
    def _redacted(cls, body: dict[str, Any]) -> dict[str, Any]:
        redacted: dict[str, Any] = redact_secrets(body)
        return redacted


class CommandSent(_Out):
    command_id: str


def _device_or_404(session: SessionDep, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"no device {device_id!r} has ever reported to this hub"
        )
    return device


@router.get("/devices", response_model=list[DeviceOut])
def list_devices(
    session: SessionDep,
    site: Annotated[str | None, Query(max_length=63)] = None,
    online: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> list[Device]:
    query = select(Device).order_by(Device.id).limit(limit).offset(offset)
    if site is not None:
        query = query.where(Device.site == site)
    if online is not None:
        query = query.where(Device.online == online)
    return list(session.scalars(query))


@router.get("/devices/{device_id}", response_model=DeviceDetail)
def get_device(session: SessionDep, device_id: DeviceId) -> DeviceDetail:
    device = _device_or_404(session, device_id)
    open_gaps = session.scalar(
        select(gaps_module.missing_numbers()).where(SeqGap.device == device_id, SeqGap.filled_at.is_(None))
    )
    gaps = session.scalars(
        select(SeqGap).where(SeqGap.device == device_id).order_by(SeqGap.id.desc()).limit(MAX_GAPS)
    )
    base = DeviceOut.model_validate(device).model_dump()
    return DeviceDetail(
        **base,
        birth_at=device.birth_at,
        death_at=device.death_at,
        death_reason=device.death_reason,
        components=device.components,
        queued_at_birth=device.queued_at_birth,
        health=device.health,
        health_ts=device.health_ts,
        open_gaps=open_gaps or 0,
        gaps=[GapOut.model_validate(g) for g in gaps],
    )


@router.get("/devices/{device_id}/commands", response_model=list[CommandOut])
def list_commands(
    session: SessionDep, device_id: DeviceId, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[Command]:
    _device_or_404(session, device_id)
    query = select(Command).where(Command.device == device_id).order_by(Command.sent_at.desc()).limit(limit)
    return list(session.scalars(query))


@router.post("/devices/{device_id}/rebirth", response_model=CommandSent, status_code=status.HTTP_202_ACCEPTED)
def request_rebirth(session: SessionDep, link: HubLinkDep, device_id: DeviceId) -> CommandSent:
    """Ask the device to publish its birth again (the hub lost track of its state)."""
    from wire.payloads.device import Rebirth

    device = _device_or_404(session, device_id)
    session.close()
    return CommandSent(command_id=link.send_command(device.site, device.id, Rebirth()))


@router.get("/dead-letters", response_model=list[DeadLetterOut])
def list_dead_letters(
    session: SessionDep,
    reason: Annotated[
        str | None, Query(max_length=32, description=f"e.g. {', '.join(r.value for r in Reason)}")
    ] = None,
    before_id: Annotated[
        int | None, Query(ge=1, le=2**62, description="page: only letters older than this id")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[DeadLetter]:
    query = select(DeadLetter).order_by(DeadLetter.id.desc()).limit(limit)
    if reason is not None:
        query = query.where(DeadLetter.reason == reason)
    if before_id is not None:
        query = query.where(DeadLetter.id < before_id)
    return list(session.scalars(query))
