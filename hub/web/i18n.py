"""One language per staff screen: the reader's choice (zh-TW by default), a catalogue per feature, ROC dates.

Texts are written in Traditional Chinese where they are used (``_("案件列表")`` in a template,
``tr(request, "權杖錯誤或帳號已停用。")`` in Python); each feature keeps the English of its own texts
in ``hub/<feature>/messages.en.yaml`` (``zh: en``; the layout's own in ``hub/web/messages.en.yaml``). All
catalogues load once into one table: the same Chinese text with two different English ones is refused at
start-up. A text missing from the English table shows in Chinese, which the page walk in the tests catches.

The choice is a cookie (``onestop_lang``) set by the layout's language button, so it holds for that browser
session and across sign-outs. Times are Taipei time everywhere; zh-TW pages show ROC (民國) years.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from fastapi import Request

HUB = Path(__file__).resolve().parent.parent
TAIPEI = ZoneInfo("Asia/Taipei")
ZH = "zh-TW"
EN = "en"
LANGS = (ZH, EN)
COOKIE = "onestop_lang"
#: the value of ``<html lang>`` per language
HTML_LANG = {ZH: "zh-Hant-TW", EN: "en"}
ROC_OFFSET = 1911


class CatalogueError(ValueError):
    """A catalogue file is not a flat ``zh: en`` mapping, or two catalogues disagree."""


def load_catalogues(root: Path = HUB) -> dict[str, str]:
    """Every ``<root>/*/messages.en.yaml`` merged into one ``{zh: en}`` table."""
    table: dict[str, str] = {}
    where: dict[str, Path] = {}
    for path in sorted(root.glob("*/messages.en.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise CatalogueError(f"{path}: expected 'Chinese text: English text' lines")
        for zh, en in data.items():
            if not isinstance(zh, str) or not isinstance(en, str) or not en.strip():
                raise CatalogueError(f"{path}: {zh!r} needs an English text")
            if zh in table and table[zh] != en:
                raise CatalogueError(f"{path}: {zh!r} is already {table[zh]!r} in {where[zh]}, not {en!r}")
            table[zh], where[zh] = en, path
    return table


ENGLISH = load_catalogues()


def lang_of(request: Request | None) -> str:
    """The reader's language: the cookie the language button set, else zh-TW."""
    if request is None:
        return ZH
    chosen = getattr(request.state, "lang", None) or request.cookies.get(COOKIE)
    return chosen if chosen in LANGS else ZH


def translate(lang: str, text: str, /, **values: Any) -> str:
    """``text`` (zh-TW) in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    if lang == EN:
        text = ENGLISH.get(text, text)
    return text.format(**values) if values else text


def tr(request: Request | None, text: str, /, **values: Any) -> str:
    return translate(lang_of(request), text, **values)


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")


def one_language(text: str, lang: str) -> str:
    """The reader's half of a label written in both languages in data (``"受文者姓名 Name"``): the Chinese
    up to the first Latin letter after which no Chinese follows, or the English from there. A text that
    is not made that way comes back whole."""
    for found in re.finditer(r"[A-Za-z]", text):
        zh, en = text[: found.start()], text[found.start() :]
        if _CJK.search(zh) and not _CJK.search(en):
            last = max(
                m.end() for m in _CJK.finditer(zh)
            )  # "…鎖定。 2026-12-05 is closed": the date is English's
            zh, en = zh[:last], zh[last:] + en
            return en.strip() if lang == EN else zh.strip()
    return text


def when(ms: int | None, lang: str, *, seconds: bool = False, empty: str = "") -> str:
    """An epoch-ms time in Taipei: ``115/12/04 14:30`` (ROC year) in zh-TW, ``2026-12-04 14:30`` in English."""
    if ms is None:
        return empty
    at = datetime.fromtimestamp(ms / 1000, TAIPEI)
    clock = at.strftime("%H:%M:%S" if seconds else "%H:%M")
    if lang == EN:
        return f"{at:%Y-%m-%d} {clock}"
    return f"{at.year - ROC_OFFSET}/{at:%m/%d} {clock}"


def roc_date(day: Any, lang: str) -> str:
    """A calendar date (``date`` or ISO text): ``115/12/04`` in zh-TW, ``2026-12-04`` in English."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = datetime.fromisoformat(day).date()
    if lang == EN:
        return str(day.isoformat())
    return f"{day.year - ROC_OFFSET}/{day:%m/%d}"
