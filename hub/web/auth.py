"""Sign-in for the staff pages: the login token in an HttpOnly, SameSite=Strict cookie; pages check roles."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request

from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import current_staff


def page_role(*roles: Role) -> Callable[[Request], StaffPrincipal]:
    """Like ``require_role`` but a browser without a session is sent to the login page (303)."""
    allowed = set(roles) | {Role.SUPERVISOR}

    def dependency(request: Request) -> StaffPrincipal:
        staff = current_staff(request)
        if staff is None:
            raise HTTPException(303, "sign in first", headers={"Location": "/staff/login"})
        if staff.role not in allowed:
            raise HTTPException(
                403, f"this page needs the role {' or '.join(sorted(r.value for r in allowed))}"
            )
        request.state.staff = staff
        return staff

    return dependency
