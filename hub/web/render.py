"""Jinja2 environment of the staff pages: templates, filters, and the page renderer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).resolve().parent
TAIPEI = ZoneInfo("Asia/Taipei")
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def _ms(value: int | None) -> str:
    if value is None:
        return ""
    return datetime.fromtimestamp(value / 1000, TAIPEI).strftime("%Y-%m-%d %H:%M")


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


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    staff = getattr(request.state, "staff", None)
    html = ENV.get_template(template).render(request=request, staff=staff, **context)
    return HTMLResponse(html, status_code=status_code)


def feature_renderer(templates: Path):  # type: ignore[no-untyped-def]
    """A ``page``-like renderer for a feature's own ``templates/`` folder that still finds ``base.html``."""
    from jinja2 import ChoiceLoader

    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(templates), FileSystemLoader(HERE / "templates")]),
        autoescape=select_autoescape(["html"]),
    )
    env.filters.update(ENV.filters)

    def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        staff = getattr(request.state, "staff", None)
        html = env.get_template(template).render(request=request, staff=staff, **context)
        return HTMLResponse(html, status_code=status_code)

    return render
