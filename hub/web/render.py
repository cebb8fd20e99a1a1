"""Jinja2 environment of the staff pages: the shared layout, each feature's templates, filters, the renderer.

``base.html`` and the login page live in ``hub/web/templates``; a feature keeps its own pages' templates in
``hub/<feature>/templates/`` and names them ``"<feature>/<file>.html"`` (e.g. ``"cases/case.html"``).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from hub.web.i18n import HTML_LANG, lang_of, one_language, roc_date, translate, when

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


@pass_context
def _ms(context: Context, value: int | None) -> str:
    """Taipei time of an epoch-ms value, ROC year on zh-TW pages."""
    return when(value, context.get("lang", "zh-TW"))


@pass_context
def _ms_s(context: Context, value: int | None) -> str:
    """As ``ms`` with seconds (device messages)."""
    return when(value, context.get("lang", "zh-TW"), seconds=True)


@pass_context
def _one_lang(context: Context, value: Any) -> str:
    """The reader's half of a label that data spells in both languages (``"受文者姓名 Name"``)."""
    return one_language(str(value), context.get("lang", "zh-TW"))


@pass_context
def _day(context: Context, value: Any) -> str:
    """A calendar date, ROC year on zh-TW pages."""
    return roc_date(value, context.get("lang", "zh-TW"))


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
ENV.filters["ms_s"] = _ms_s
ENV.filters["one_lang"] = _one_lang
ENV.filters["day"] = _day
ENV.filters["html_escape"] = _html_escape


def fragment(request: Request, template: str, **context: Any) -> str:
    """A template rendered in the reader's language (a whole page, or a part a live stream sends)."""
    staff = getattr(request.state, "staff", None)
    lang = lang_of(request)

    def _(text: str, /, **values: Any) -> str:
        return translate(lang, text, **values)

    return ENV.get_template(template).render(
        request=request, staff=staff, lang=lang, html_lang=HTML_LANG[lang], _=_, **context
    )


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(fragment(request, template, **context), status_code=status_code)
