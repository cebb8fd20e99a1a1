"""Online applications: ``POST /api/v1/applications`` after a card login or light identification.

Who may apply is the service's ``identity`` level: ``card`` needs a live card session (Bearer token from
``POST /api/v1/auth/card``, bound to the ``origin`` device it was opened for); ``light`` also takes a light
session (``POST /api/v1/auth/light``: national ID + birth date, rate-limited; only the last 4 digits are
kept) or the same two fields in the body; ``none`` takes anyone.
A client-made ``request_id`` makes the call idempotent: a repeat gets the same case and a fresh query
password (the earlier one stops working), because the password is stored hashed and cannot be shown twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import BackgroundTasks, Depends, HTTPException, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.api.deps import SessionDep, SettingsDep
from hub.auth.light_api import DEFAULT_ORIGIN
from hub.auth.national_id import (
    Assurance,
    InvalidIdentification,
    normalise_national_id,
    parse_birth_date,
)
from hub.auth.sessions import SessionInvalid
from hub.auth.store import SqlSessions
from hub.cases.api import ERRORS, kick_notifier, router
from hub.cases.models import Case
from hub.cases.passwords import hash_new
from hub.cases.schemas import ApplicantIn, CaseCreated, _Body
from hub.cases.service import Applicant, CaseError, check_text, open_case, today_tw
from hub.cases.slips import store_slip_password
from hub.catalogue.model import CatalogueError, IdentityLevel
from hub.catalogue.store import current_catalogue
from hub.core.config import Settings
from hub.staff.accounts import audit
from wire.payloads.cases import SlipPasswordError, check_slip_password, make_query_password

_RANK = {IdentityLevel.NONE: 0, IdentityLevel.LIGHT: 1, IdentityLevel.CARD: 2}
RequestId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$")]


class LightIdIn(_Body):
    national_id: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    birth_date: Annotated[str, StringConstraints(min_length=1, max_length=16)]


class ApplicationIn(_Body):
    request_id: RequestId = Field(
        description="made by the client (16-64 of A-Z a-z 0-9 _ -, e.g. a random UUID); a repeat with the "
        "same id gets the same case back (with a new query password)"
    )
    service: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
    applicant: ApplicantIn
    consent: bool
    copies: Annotated[int, Field(ge=1, le=50)] = 1
    origin: Annotated[str, StringConstraints(min_length=1, max_length=63)] = Field(
        DEFAULT_ORIGIN, description="with a session: the origin it was opened for (light sessions: online)"
    )
    identification: LightIdIn | None = Field(
        None, description="light identification (national ID + birth date) where the service allows it"
    )
    slip_password: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        None,
        description="optional: a password the citizen chooses for printing this case's payment slip at a "
        "store kiosk (seed 004:665); 6-12 digits and letters (no I, L, O). The query password is made as ever",
    )


@dataclass(frozen=True, slots=True)
class Identified:
    level: IdentityLevel
    actor: str  # recorded as who consented: online:card:*1234, online:light:*1234, online:anonymous
    id_last4: str | None


def identify(session: Session, settings: Settings, token: str | None, body: ApplicationIn) -> Identified:
    """The citizen's identification level; CaseError 401 for a dead session, 422 for a bad ID/birth date."""
    if token is not None:
        sessions = SqlSessions(session, settings.citizen_idle_timeout_s)
        try:
            row = sessions.get(token, body.origin, required=Assurance.LIGHT)
        except SessionInvalid as exc:
            raise CaseError(f"{exc}; log in again (card, or ID + birth date)", 401) from None
        if Assurance(row.assurance).permits(Assurance.CARD):
            return Identified(IdentityLevel.CARD, f"online:card:*{row.id_last4}", row.id_last4 or None)
        return Identified(IdentityLevel.LIGHT, f"online:light:*{row.id_last4}", row.id_last4 or None)
    if body.identification is not None:
        try:
            number = normalise_national_id(body.identification.national_id)
            parse_birth_date(body.identification.birth_date, today_tw())
        except InvalidIdentification as exc:
            raise CaseError(f"identification {exc.field}: {exc.message}") from None
        return Identified(IdentityLevel.LIGHT, f"online:light:*{number[-4:]}", number[-4:])
    return Identified(IdentityLevel.NONE, "online:anonymous", None)


def request_key(request_id: str) -> str:
    """What ``cases.source_event`` holds for an online request: fits 32 characters, never a kiosk event id."""
    return "o:" + hashlib.sha256(request_id.encode("ascii")).hexdigest()[:30]


def _repeat(session: Session, existing: Case, body: ApplicationIn, who: Identified) -> CaseCreated:
    if existing.service != body.service or existing.name != body.applicant.name:
        raise CaseError(
            "this request_id was already used for another application; make a new request_id", 409
        )
    password = make_query_password()
    existing.password_hash = hash_new(password)
    audit(session, who.actor, "case.password_reissue", existing.case_no, {"why": "repeated request_id"})
    return CaseCreated(case_no=existing.case_no, query_password=password)


bearer = HTTPBearer(auto_error=False, description="citizen session from POST /api/v1/auth/card")


@router.post(
    "/applications",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseCreated,
    responses={200: {"model": CaseCreated, "description": "a repeated request_id"}, **ERRORS},
)
def apply_online(
    body: ApplicationIn,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    tasks: BackgroundTasks,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> CaseCreated:
    """A citizen applies online: card session (Bearer) or light identification, as the service requires.

    201 with the case number and query password (shown once); 200 for a repeated ``request_id``; 403 when
    the identification is below what the service needs (light is never enough for a card service)."""
    token = credentials.credentials if credentials is not None else None
    try:
        with session.begin():
            check_text(body.applicant.name, "the name")
            if body.slip_password is not None:
                try:
                    check_slip_password(body.slip_password)
                except SlipPasswordError as exc:
                    raise CaseError(f"slip_password: {exc}") from None
            try:
                service = current_catalogue(session).get(body.service)
            except CatalogueError as exc:
                raise CaseError(str(exc)) from None
            who = identify(session, settings, token, body)
            if _RANK[who.level] < _RANK[service.identity]:
                needs = "a card login" if service.identity is IdentityLevel.CARD else "identification"
                raise CaseError(
                    f"service {service.code} needs {needs} ({service.identity.value}); you are identified "
                    f"as {who.level.value}. Log in with the citizen certificate card"
                    + ("" if service.identity is IdentityLevel.CARD else " or give national ID + birth date"),
                    403,
                )
            key = request_key(body.request_id)
            existing = session.scalar(select(Case).where(Case.source_event == key))
            if existing is not None:
                response.status_code = status.HTTP_200_OK
                return _repeat(session, existing, body, who)
            case, password = open_case(
                session,
                service_code=service.code,
                channel="online",
                applicant=Applicant(body.applicant.name, body.applicant.phone, body.applicant.email),
                consent=body.consent,
                actor=who.actor,
                public_url=settings.public_url,
                source_event=key,
                identity=who.level.value,
                copies=body.copies,
                fields={"id_last4": who.id_last4} if who.id_last4 else None,
            )
            if body.slip_password is not None:
                store_slip_password(session, case, body.slip_password, who.actor)
    except CaseError as exc:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        raise HTTPException(exc.status, str(exc), headers=headers) from None
    except IntegrityError:
        raise HTTPException(409, "the same request_id is being handled right now; send it again") from None
    tasks.add_task(kick_notifier, request)
    assert password is not None
    return CaseCreated(case_no=case.case_no, query_password=password)
