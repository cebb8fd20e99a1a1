"""``require_role(...)``: the FastAPI dependency every staff route uses (Bearer token or login cookie).

    from hub.staff.deps import require_role, Role
    StaffDep = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER, Role.SUPERVISOR))]

Supervisors pass every role check. No or a bad token → 401; a valid token of another role → 403.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request, status

from hub.staff.accounts import Role, StaffPrincipal, principal_for_session, principal_for_token

COOKIE = "onestop_staff"


def token_from(request: Request) -> str | None:
    """The Bearer token of an API call (the login token itself), or None."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def current_staff(request: Request) -> StaffPrincipal | None:
    """Bearer token (API), else the browser's session cookie (a short-lived session, never the token)."""
    token = token_from(request)
    sid = request.cookies.get(COOKIE)
    if not token and not sid:
        return None
    with request.app.state.sessions() as session:
        if token:
            return principal_for_token(session, token)
        return principal_for_session(session, sid or "")


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
