"""HTTP API of provisioning: device enrolment and pickup, technician claims, config push, fleet commands."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from firmware_config.device_config import DeviceConfigError
from firmware_config.device_config import check as check_device_config
from firmware_config.redact import redact_secrets
from hub.api.deps import SessionDep, SettingsDep
from hub.core.config import Settings
from hub.ingest.publisher import HubLink, NotConnectedError
from hub.provisioning import broker_auth, claims, service
from hub.provisioning.broker_files import BrokerFiles, BrokerReloadError, reload_by_command, reload_by_pidfile
from hub.provisioning.fleet import components_from_health, fleet_rows
from hub.provisioning.models import DeviceConfig, DeviceCredential
from wire import Payload, now_ms
from wire.onboarding import OnboardingError
from wire.payloads.documents import ResolvePrintJob
from wire.payloads.provisioning import (
    AgentRestart,
    ClaimRequest,
    ClaimResult,
    ConfigApply,
    ConfigReread,
    EnrolRequest,
    EnrolTicket,
    IssuedCredentials,
    PrintTestPage,
)

api = APIRouter(prefix="/api/v1/provisioning", tags=["provisioning"])


def technician(request: Request) -> Any:
    """The signed-in technician (or supervisor); 401/403 otherwise. hub.staff is imported only when asked."""
    from hub.staff.accounts import Role
    from hub.staff.deps import require_role

    return require_role(Role.TECHNICIAN)(request)


TechnicianDep = Annotated[Any, Depends(technician)]
DeviceId = Annotated[str, Path(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62})$", description="device id")]
MAX_CONFIG_BYTES = 64 * 1024
FLEET_COMMANDS: dict[str, type[Payload]] = {
    "test_print": PrintTestPage,
    "restart": AgentRestart,
    "reread_config": ConfigReread,
}


def context_from_settings(settings: Settings) -> service.Context:
    """The provisioning context: claim lifetime, the broker URL devices get, the broker files to manage."""
    files = None
    if settings.mosquitto_password_file:
        if not settings.mosquitto_acl_file:
            raise HTTPException(500, "ONESTOP_HUB_MOSQUITTO_ACL_FILE must be set with the password file")
        reload = None
        if settings.mosquitto_reload.startswith("pid:"):
            reload = reload_by_pidfile(FsPath(settings.mosquitto_reload[4:]))
        elif settings.mosquitto_reload:
            reload = reload_by_command(settings.mosquitto_reload)
        files = BrokerFiles(
            FsPath(settings.mosquitto_password_file), FsPath(settings.mosquitto_acl_file), reload
        )
    hub = settings.broker
    services: tuple[broker_auth.ServiceAccount, ...] = ()
    if files is not None:
        if not hub.username or not hub.password:
            raise HTTPException(
                500,
                "the hub manages broker logins but has none itself: set ONESTOP_HUB_BROKER_USERNAME/PASSWORD",
            )
        services = (broker_auth.ServiceAccount(hub.username, broker_auth.hash_password(hub.password)),)
    device_url = settings.device_broker_url or f"mqtt://{hub.host}:{hub.port}"
    return service.Context(settings.claim_ttl_s * 1000, device_url, files, services)


@api.post("/enrol", status_code=201)
def enrol(body: EnrolRequest, session: SessionDep, settings: SettingsDep) -> EnrolTicket:
    """An unprovisioned device asks for a claim code to show (as QR and manual code)."""
    try:
        ticket = service.enrol(session, body, now_ms(), context_from_settings(settings))
    except service.TooManyEnrolments as exc:
        raise HTTPException(429, str(exc)) from None
    session.commit()
    return ticket


class Waiting(BaseModel):
    status: str = "waiting"
    expires_at: int | None = None


@api.get(
    "/enrol/{device_id}",
    responses={202: {"model": Waiting, "description": "not claimed yet: ask again in a few seconds"}},
)
def pickup(
    device_id: DeviceId,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    x_pickup_secret: Annotated[str, Header(min_length=16, max_length=200)],
) -> IssuedCredentials | Waiting:
    """The device collects its broker login once a technician claimed it (once; then it is erased)."""
    try:
        issued = service.pickup(
            session, device_id, x_pickup_secret, now_ms(), context_from_settings(settings)
        )
    except service.PickupError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    session.commit()
    if issued is None:
        response.status_code = status.HTTP_202_ACCEPTED
        return Waiting()
    return issued


@api.post("/claims")
def claim(
    body: ClaimRequest, session: SessionDep, settings: SettingsDep, staff: TechnicianDep
) -> ClaimResult:
    """Claim a device for a site and counter with its QR text (or id + manual code)."""
    try:
        result = service.claim(session, body, now_ms(), context_from_settings(settings), staff.name)
    except claims.ClaimCodeWrong as exc:
        session.commit()  # the wrong try counts
        raise HTTPException(exc.status, str(exc)) from None
    except claims.ClaimError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    except (OnboardingError, ValueError) as exc:
        raise HTTPException(422, str(exc)) from None
    except BrokerReloadError as exc:
        raise HTTPException(503, f"credentials not issued: {exc}") from None
    session.commit()
    return result


class Revoked(BaseModel):
    device_id: str
    revoked: bool


@api.delete("/devices/{device_id}/credentials")
def revoke(device_id: DeviceId, session: SessionDep, settings: SettingsDep, staff: TechnicianDep) -> Revoked:
    """Decommission (e.g. a stolen kiosk): its login stops working now; it can be provisioned again later."""
    try:
        done = service.revoke(session, device_id, context_from_settings(settings))
    except BrokerReloadError as exc:
        raise HTTPException(503, f"not revoked: {exc}") from None
    if not done:
        raise HTTPException(404, f"device {device_id!r} has no broker login")
    session.commit()
    return Revoked(device_id=device_id, revoked=True)


class ConfigIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    config: dict[str, Any]


class ConfigOut(BaseModel):
    device_id: str
    version: int
    command_id: str | None = Field(
        description="the config.apply command sent now; null if the device is offline"
    )
    message: str


def _link(request: Request) -> HubLink | None:
    link: HubLink | None = request.app.state.hub_link
    return link if link is not None and link.connected else None


def _online(session: SessionDep, device_id: str) -> tuple[str, bool] | None:
    from hub.devices.models import Device

    cred = session.get(DeviceCredential, device_id)
    dev = session.get(Device, device_id)
    if cred is None and dev is None:
        return None
    site = dev.site if dev is not None else cred.site  # type: ignore[union-attr]
    return site, bool(dev is not None and dev.online)


@api.put("/devices/{device_id}/config")
def push_config(
    device_id: DeviceId, body: ConfigIn, request: Request, session: SessionDep, staff: TechnicianDep
) -> ConfigOut:
    """Store a new desired config version; an online device gets it now, an offline one when it reconnects."""
    size = len(json.dumps(body.config))
    if size > MAX_CONFIG_BYTES:
        raise HTTPException(413, f"the config is {size} bytes; at most {MAX_CONFIG_BYTES} are accepted")
    try:
        check_device_config(body.config, device_id)
    except DeviceConfigError as exc:
        raise HTTPException(422, str(exc)) from None
    where = _online(session, device_id)
    if where is None:
        raise HTTPException(404, f"device {device_id!r} is not provisioned and has never connected")
    version = service.set_desired(session, device_id, body.config, now_ms())
    session.commit()
    site, online = where
    link = _link(request)
    if online and link is not None:
        try:
            command_id = link.send_command(site, device_id, ConfigApply(version=version, config=body.config))
        except NotConnectedError:
            command_id = None
        if command_id is not None:
            return ConfigOut(device_id=device_id, version=version, command_id=command_id, message="sent")
    return ConfigOut(
        device_id=device_id,
        version=version,
        command_id=None,
        message="stored; the device gets it when it next connects",
    )


class CommandSentOut(BaseModel):
    command_id: str


def fleet_command_body(name: str) -> Payload:
    """The body of a parameterless technician command; 404 naming the known ones."""
    model = FLEET_COMMANDS.get(name)
    if model is None:
        raise HTTPException(404, f"unknown command {name!r}; use one of {', '.join(sorted(FLEET_COMMANDS))}")
    return model()


def send_fleet_command(session: SessionDep, request: Request, device_id: str, body: Payload) -> str:
    """Send a technician command to an online device; HTTPException saying why not. Returns the command id."""
    where = _online(session, device_id)
    if where is None:
        raise HTTPException(404, f"device {device_id!r} is not known")
    session.rollback()  # end the read (on SQLite it holds the write lock) before send_command records it
    link = _link(request)
    if link is None:
        raise HTTPException(503, "the hub is not connected to the MQTT broker; try again shortly")
    if not where[1]:
        raise HTTPException(409, f"device {device_id!r} is offline; only configuration waits for a device")
    return link.send_command(where[0], device_id, body)


@api.post("/devices/{device_id}/commands/{name}")
def fleet_command(
    device_id: DeviceId, name: str, request: Request, session: SessionDep, staff: TechnicianDep
) -> CommandSentOut:
    """Send a technician command (test_print, restart, reread_config); its ack shows on the fleet page."""
    return CommandSentOut(
        command_id=send_fleet_command(session, request, device_id, fleet_command_body(name))
    )


class ResolveJobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    printed: bool


@api.post("/devices/{device_id}/print-jobs/{job}/resolve")
def resolve_print_job(
    device_id: DeviceId,
    job: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")],
    body: ResolveJobIn,
    request: Request,
    session: SessionDep,
    staff: TechnicianDep,
) -> CommandSentOut:
    """Answer a receipt job the printer left ``uncertain`` (its device alarm names the job): ``printed`` true
    if the citizen has it, false to print one more full copy. The device's acknowledgement says which."""
    body_out = ResolvePrintJob(job=job, printed=body.printed)
    return CommandSentOut(command_id=send_fleet_command(session, request, device_id, body_out))


@api.get("/fleet")
def fleet(session: SessionDep, staff: TechnicianDep) -> list[dict[str, Any]]:
    """Every device: state, last seen, session, seq gaps, alarms, desired vs reported config, recent commands."""
    return [row.as_json() for row in fleet_rows(session, now_ms())]


@api.get("/devices/{device_id}/config")
def get_config(device_id: DeviceId, session: SessionDep, staff: TechnicianDep) -> dict[str, Any]:
    """Desired vs applied version, each component's health (live, and as reported when the version was
    applied), and the last version the device rolled back with its reason; the desired config itself."""
    from hub.devices.models import Device

    row = session.get(DeviceConfig, device_id)
    if row is None:
        raise HTTPException(404, f"no configuration was pushed to {device_id!r}")
    dev = session.get(Device, device_id)
    live = components_from_health(((dev.health if dev else None) or {}).get("components"))
    return {
        "device_id": device_id,
        "desired_version": row.desired_version,
        "reported_version": row.reported_version,
        "applied_version": row.reported_version,
        "applied_health": row.applied_health or {},
        "components": {name: asdict(c) for name, c in live.items()},
        "rolled_back_version": row.rolled_back_version,
        "rollback_reason": row.rollback_reason or "",
        "rolled_back_at": row.rolled_back_at,
        "config": redact_secrets(row.desired),  # secrets stay in the hub; the device got them
    }
