"""Jinja2 environment of the staff pages: the shared layout, each feature's templates, filters, the renderer.

``base.html`` and the login page live in ``hub/web/templates``; a feature keeps its own pages' templates in
``hub/<feature>/templates/`` and names them ``"<feature>/<file>.html"`` (e.g. ``"cases/case.html"``).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from markupsafe import Markup

HERE = Path(__file__).resolve().parent
HUB = HERE.parent
TAIPEI = ZoneInfo("Asia/Taipei")


def _feature_templates() -> dict[str, FileSystemLoader]:
    """``{"cases": <hub/cases/templates>, ...}`` for every hub package that has a templates folder."""
    return {
        folder.parent.name: FileSystemLoader(folder)
        for folder in sorted(HUB.glob("*/templates"))
        if folder.is_dir() and folder.parent != HERE
    }


ENV = Environment(
    loader=ChoiceLoader([FileSystemLoader(HERE / "templates"), PrefixLoader(_feature_templates())]),
    autoescape=select_autoescape(["html"]),
)


def _ms(value: int | None) -> str:
    if value is None:
        return ""
    return datetime.fromtimestamp(value / 1000, TAIPEI).strftime("%Y-%m-%d %H:%M")


def _utc(value: int | None) -> str:
    if value is None:
        return "never"
    return datetime.fromtimestamp(value / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _html_escape(value: Any) -> Markup:
    """Escaped as ``html.escape`` does (``&#x27;``, ``&quot;``): pages that used it keep their exact bytes."""
    return Markup(html.escape(str(value)))


def _twd(value: int) -> str:
    return f"NT${value:,}"


def _kv(value: Any) -> str:
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    return "；".join(
        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
        for k, v in value.items()
        if v is not None
    )


ENV.filters["ms"] = _ms
ENV.filters["kv"] = _kv
ENV.filters["twd"] = _twd
ENV.filters["utc"] = _utc
ENV.filters["html_escape"] = _html_escape


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    staff = getattr(request.state, "staff", None)
    html = ENV.get_template(template).render(request=request, staff=staff, **context)
    return HTMLResponse(html, status_code=status_code)
