"""The library as shipped (library.yaml): 23 categories, the forms the seed names and the catalogue's forms,
each with version 1 (or the version the catalogue had) as a printable template. Pure: parses and renders
template files; the migration stores them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from hub.core.seed_cite import SEED_002

#: the date the shipped versions are in force from (the issue's landing)
SHIPPED_EFFECTIVE = "2026-01-01"


class TemplateError(ValueError):
    """A template (fields page by page) that cannot be printed; the message names the page and field.

    ``text`` is zh-TW with ``{name}`` placeholders filled from ``values``, so the staff page can show it in the
    reader's language (hub/forms_library/messages.en.yaml)."""

    def __init__(self, text: str, /, **values: Any) -> None:
        self.text, self.values = text, values
        super().__init__(text.format(**values))


@dataclass(frozen=True, slots=True)
class SeedCategory:
    code: str
    name: str
    name_en: str
    order: int


@dataclass(frozen=True, slots=True)
class SeedForm:
    code: str
    category: str
    title: str
    title_en: str
    version: int
    source: str  # "seed 002:1182" or "catalogue" or "issue 15"
    services: tuple[str, ...]
    template: bytes  # the file of the shipped version (canonical template JSON)


def template_bytes(code: str, title: str, pages: list[list[dict[str, Any]]], notes: str = "") -> bytes:
    """The canonical file of a template version: sorted-key compact UTF-8 JSON (its SHA-256 is stable)."""
    check_pages(pages)
    doc = {"format": "onestop-form-template/1", "code": code, "title": title, "pages": pages, "notes": notes}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def check_pages(pages: list[list[dict[str, Any]]]) -> None:
    """The same limits the agent's print contract has (wire.agent_api.FormBody): 1-20 pages, 30 fields a page,
    keys ``[a-z][a-z0-9_]*`` unique on a page, labels 1-100 characters, 1-10 lines."""
    import re

    if not 1 <= len(pages) <= 20:
        raise TemplateError("範本須有 1 至 20 頁，這份有 {pages} 頁", pages=len(pages))
    for number, page in enumerate(pages, start=1):
        seen: set[str] = set()
        if not 1 <= len(page) <= 30:
            raise TemplateError(
                "第 {page} 頁：每頁 1 至 30 欄，這頁有 {fields} 欄", page=number, fields=len(page)
            )
        for f in page:
            key, label, lines = f.get("key", ""), f.get("label", ""), f.get("lines", 1)
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", str(key)):
                raise TemplateError(
                    "第 {page} 頁：欄位代碼「{key}」只能用小寫英文字母、數字和 _，並以字母開頭",
                    page=number,
                    key=key,
                )
            if key in seen:
                raise TemplateError("第 {page} 頁：欄位代碼「{key}」重複", page=number, key=key)
            seen.add(key)
            if not isinstance(label, str) or not 1 <= len(label.strip()) <= 100:
                raise TemplateError("第 {page} 頁：欄位「{key}」的標籤須為 1 至 100 字", page=number, key=key)
            if not isinstance(lines, int) or not 1 <= lines <= 10:
                raise TemplateError(
                    "第 {page} 頁：欄位「{key}」的行數須為 1 至 10，不是 {lines}",
                    page=number,
                    key=key,
                    lines=lines,
                )


def parse_field(text: str) -> dict[str, Any]:
    """``"key|label|lines"`` → a field; TemplateError saying what is wrong."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) not in (2, 3):
        raise TemplateError("欄位「{field}」請寫成 代碼|標籤 或 代碼|標籤|行數", field=text)
    lines = 1
    if len(parts) == 3:
        if not parts[2].isdigit():
            raise TemplateError("欄位「{field}」的行數須為數字", field=text)
        lines = int(parts[2])
    return {"key": parts[0], "label": parts[1], "lines": lines}


def _expand(pages: list[list[str]], blocks: dict[str, list[str]]) -> list[list[dict[str, Any]]]:
    out = []
    for page in pages:
        fields: list[dict[str, Any]] = []
        for item in page:
            for line in blocks[item[1:]] if item.startswith("@") else [item]:
                fields.append(parse_field(line))
        out.append(fields)
    return out


_KEYS = {"code", "name", "name_en", "category", "title", "title_en", "version", "services", "cite", "pages"}


@cache
def shipped() -> tuple[tuple[SeedCategory, ...], tuple[SeedForm, ...]]:
    text = resources.files("hub.forms_library").joinpath("library.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    blocks = raw["blocks"]
    for item in [*raw["categories"], *raw["forms"]]:  # a comma in a {flow: mapping} makes stray keys
        if stray := set(item) - _KEYS:
            raise ValueError(
                f"library.yaml: {item.get('code')}: unknown keys {sorted(stray)} (quote texts with commas)"
            )
    categories = tuple(
        SeedCategory(c["code"], c["name"], c["name_en"], i) for i, c in enumerate(raw["categories"], start=1)
    )
    forms = []
    for f in raw["forms"]:
        if "cite" in f:
            source = f"seed {SEED_002.split('_')[0]}:{f['cite'][0]}"
        elif "services" in f:
            source = "catalogue"
        else:
            source = "issue 15"
        pages = _expand(f["pages"], blocks)
        forms.append(SeedForm(f["code"], f["category"], f["title"], f.get("title_en", ""), int(f.get("version", 1)),
                              source, tuple(f.get("services", ())), template_bytes(f["code"], f["title"], pages)))  # fmt: skip
    return categories, tuple(forms)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
