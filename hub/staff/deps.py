"""``require_role(...)``: the FastAPI dependency every staff route uses (Bearer token or login cookie).

    from hub.staff.deps import require_role, Role
    StaffDep = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER, Role.SUPERVISOR))]

Supervisors pass every role check. No or a bad token → 401; a valid token of another role → 403.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request, status

from hub.staff.accounts import Role, StaffPrincipal, principal_for_token

COOKIE = "onestop_staff"


def token_from(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE)


def current_staff(request: Request) -> StaffPrincipal | None:
    token = token_from(request)
    if not token:
        return None
    with request.app.state.sessions() as session:
        return principal_for_token(session, token)


def require_role(*roles: Role) -> Callable[[Request], StaffPrincipal]:
    """A dependency returning the signed-in staff member if their role is one of ``roles`` (or supervisor)."""
    allowed = set(roles) | {Role.SUPERVISOR}

    def dependency(request: Request) -> StaffPrincipal:
        staff = current_staff(request)
        if staff is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "sign in: send 'Authorization: Bearer <token>' (tokens come from 'onestop hub user add')",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if roles and staff.role not in allowed:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this needs the role {' or '.join(sorted(r.value for r in allowed))}; you are {staff.role.value}",
            )
        return staff

    return dependency
