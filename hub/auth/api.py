"""HTTP card login for online services: ``POST /api/v1/auth/challenge``, ``/card`` and ``/logout``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from hub.api.deps import SessionDep
from hub.auth.reasons import AuthRefused, Reason
from hub.auth.runtime import AuthRuntime, CardLoginNotConfigured, runtime_for
from hub.auth.sessions import EndReason
from hub.auth.verify import CardToken
from wire import check_device_id

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def get_runtime(request: Request) -> AuthRuntime:
    runtime = runtime_for(request.app.state.settings)
    if not runtime.configured:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(CardLoginNotConfigured()))
    return runtime


RuntimeDep = Annotated[AuthRuntime, Depends(get_runtime)]


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ChallengeBody(_Body):
    origin: str = Field(description="the device id the login is for")

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return check_device_id(value)


class ChallengeOut(BaseModel):
    nonce: str = Field(
        description="base64 of 32 random bytes; single use, valid 2 minutes, for this origin only"
    )


class SessionOut(BaseModel):
    session: str
    holder_name: str
    id_last4: str
    idle_timeout_s: float


class Refusal(BaseModel):
    reason: Reason
    message: str


class LogoutBody(_Body):
    session: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="the session token from /card")
    origin: str = Field(description="the device id the session was opened for")

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return check_device_id(value)  # also keeps NUL and other control characters out of the database


@router.post("/challenge", response_model=ChallengeOut)
def challenge(body: ChallengeBody, runtime: RuntimeDep, session: SessionDep) -> ChallengeOut:
    with session.begin():
        nonce = runtime.challenge(session, body.origin)
    return ChallengeOut(nonce=nonce.value)


@router.post(
    "/card",
    response_model=SessionOut,
    responses={401: {"model": Refusal, "description": "refused; reason says which check failed"}},
)
def card(token: CardToken, runtime: RuntimeDep, session: SessionDep) -> Any:
    refusal: Refusal | None = None
    with session.begin():  # commits the spent nonce even when the token is refused
        try:
            opened = runtime.login(session, token, token.origin)
        except AuthRefused as exc:
            refusal = Refusal(reason=exc.reason, message=exc.message)
    if refusal is not None:
        return JSONResponse(refusal.model_dump(mode="json"), status_code=status.HTTP_401_UNAUTHORIZED)
    identity = opened.identity
    return SessionOut(
        session=opened.token,
        holder_name=identity.holder_name,
        id_last4=identity.id_last4,
        idle_timeout_s=opened.idle_timeout_s,
    )


@router.post("/logout")
def logout(body: LogoutBody, runtime: RuntimeDep, session: SessionDep) -> dict[str, bool]:
    with session.begin():
        ended = runtime.end(session, body.session, body.origin, EndReason.LOGOUT)
    return {"ended": ended}
