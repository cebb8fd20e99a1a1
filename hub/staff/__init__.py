"""Staff accounts with roles, bearer tokens, ``require_role`` for routes, and the audit log."""

from hub.staff import models
from hub.staff.accounts import Role, StaffPrincipal, audit
from hub.staff.cli import register_cli
from hub.staff.deps import require_role
from hub.staff.pages import router

__all__ = ["Role", "StaffPrincipal", "audit", "models", "register_cli", "require_role", "router"]
