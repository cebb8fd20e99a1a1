"""Staff accounts with roles, bearer tokens, ``require_role`` for routes, and the audit log."""

from hub.staff import models
from hub.staff.accounts import Role, StaffPrincipal, audit
from hub.staff.cli import register_cli
from hub.staff.deps import require_role
from hub.staff.pages import router


def bind_app(app: object) -> None:
    """Features below staff (devices) check roles through ``app.state.require_staff`` instead of importing
    this feature: ``app.state.require_staff(request, "technician")`` → the principal, or 401/403."""

    def require_staff(request: object, *roles: str) -> StaffPrincipal:
        return require_role(*(Role(r) for r in roles))(request)  # type: ignore[arg-type]

    app.state.require_staff = require_staff  # type: ignore[attr-defined]


__all__ = ["Role", "StaffPrincipal", "audit", "bind_app", "models", "register_cli", "require_role", "router"]
