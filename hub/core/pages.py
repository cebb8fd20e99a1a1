"""A Jinja environment for a feature's own ``templates/`` that extends the staff pages' ``base.html``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from hub.web.render import ENV as WEB_ENV
from hub.web.render import HERE as WEB_HERE


def feature_env(templates: Path, *shared: Path) -> Environment:
    """``templates`` first, then ``shared`` template folders (e.g. the scan widget), then the staff pages'."""
    folders = [templates, *shared, WEB_HERE / "templates"]
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(folder) for folder in folders]),
        autoescape=select_autoescape(["html"]),
    )
    env.filters.update(WEB_ENV.filters)
    return env


def render_page(
    env: Environment, request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    staff = getattr(request.state, "staff", None)
    return HTMLResponse(
        env.get_template(template).render(request=request, staff=staff, **context), status_code
    )
