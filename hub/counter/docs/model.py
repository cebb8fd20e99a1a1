"""Document kinds, checklists and the composed content of one document (pure; data in this folder's YAML)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from hub.cases.calendar import WorkCalendar
from hub.counter.calc.cite import Cite, s002
from hub.counter.calc.dates import both, parse_date
from hub.counter.calc.errors import CalcError
from hub.counter.calc.periods import PeriodUnit, deadline
from hub.counter.docs.fines import FineRule, decide_fine, rules_from_mapping

MAX_FIELD = 200


@dataclass(frozen=True, slots=True)
class DocKind:
    key: str
    title_zh: str
    title_en: str
    fields: tuple[tuple[str, str], ...]  # (key, label)
    legal_basis: tuple[str, ...]
    body: str
    seed: Cite


@dataclass(frozen=True, slots=True)
class Checklist:
    key: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    kinds: Mapping[str, DocKind]
    checklists: Mapping[str, Checklist]
    fine_rules: tuple[FineRule, ...]


def _read(name: str) -> Any:
    return yaml.safe_load(resources.files("hub.counter.docs").joinpath(name).read_text(encoding="utf-8"))


def catalogue_from(documents: Any, checklists: Any, fines: Any) -> Catalogue:
    kinds = {
        key: DocKind(
            key,
            str(d["title_zh"]),
            str(d["title_en"]),
            tuple((str(f[0]), str(f[1])) for f in d["fields"]),
            tuple(str(b) for b in d["legal_basis"]),
            str(d["body"]),
            s002(int(d["seed"][0]), str(d["seed"][1])),
        )
        for key, d in documents.items()
    }
    lists = {
        key: Checklist(key, str(c["title"]), tuple(str(i) for i in c["items"]))
        for key, c in checklists.items()
    }
    return Catalogue(kinds, lists, rules_from_mapping(fines))


@cache
def shipped_catalogue() -> Catalogue:
    return catalogue_from(_read("documents.yaml"), _read("checklists.yaml"), _read("fine_rules.yaml"))


@dataclass(frozen=True, slots=True)
class Content:
    """Everything printed on the document; stored with it so a re-print is the same document."""

    kind: str
    title_zh: str
    title_en: str
    fields: tuple[tuple[str, str], ...]  # (label, value) as printed
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]  # the one-time notice's missing items
    legal_basis: tuple[str, ...]
    amount: int | None = None


def compose(
    cat: Catalogue, kind: str, values: Mapping[str, str], issued_on: date, work: WorkCalendar
) -> Content:
    """Check the form and fill the template; CalcError naming the field when something is missing or wrong."""
    spec = cat.kinds.get(kind)
    if spec is None:
        raise CalcError(
            "kind", f"沒有「{kind}」這種文件。", f"no document kind {kind!r} (known: {', '.join(cat.kinds)})"
        )
    clean: dict[str, str] = {}
    for key, label in spec.fields:
        value = str(values.get(key, "")).strip()
        if not value:
            raise CalcError(key, f"請填寫「{label.split(' ')[0]}」。", f"{label}: required")
        if len(value) > MAX_FIELD:
            raise CalcError(
                key,
                f"「{label.split(' ')[0]}」太長（最多 {MAX_FIELD} 字）。",
                f"{key}: at most {MAX_FIELD} characters",
            )
        clean[key] = value
    printed = list(spec.fields)
    extra: dict[str, str] = {}
    basis = list(spec.legal_basis)
    amount: int | None = None
    items: tuple[str, ...] = ()
    if "event_date" in clean:
        event = parse_date(clean["event_date"], "event_date")
        if event > issued_on:
            raise CalcError("event_date", "事件發生日晚於今天。", f"the event date {event} is after today")
        clean["event_date"] = both(event)
        if kind in ("notice", "notice_reminder"):
            days = 30 if kind == "notice" else 15
            start = event if kind == "notice" else issued_on
            extra["deadline"] = both(deadline(start, days, PeriodUnit.DAYS, work).last_day)
        if kind == "fine":
            answer = clean["reminded"].lower()
            if answer not in ("yes", "no", "是", "否"):
                raise CalcError("reminded", "「是否經催告」請填 是 或 否。", "reminded: answer yes or no")
            reminded = answer in ("yes", "是")
            clean["reminded"] = "是 yes" if reminded else "否 no"
            decision = decide_fine(cat.fine_rules, event, issued_on, reminded)
            amount = decision.amount
            extra.update(
                reminded_text="，經催告仍未申請" if reminded else "",
                rule_basis=decision.rule.basis.split("（")[0],
                amount=f"{amount:,}",
                rule_choice=decision.explanation_zh,
                pay_within=str(decision.rule.pay_within),
            )
            basis.append(decision.rule.basis)
    if kind == "one_time":
        checklist = cat.checklists.get(clean["service"])
        if checklist is None:
            raise CalcError(
                "service", "沒有這個申辦項目的檢核表。", f"no checklist for service {clean['service']!r}"
            )
        missing = [m.strip() for m in str(values.get("missing", "")).split("\n") if m.strip()]
        unknown = [m for m in missing if m not in checklist.items]
        if not missing or unknown:
            raise CalcError(
                "missing",
                "請從檢核表勾選至少一項缺少的文件。",
                "tick at least one missing item from the checklist",
            )
        items = tuple(missing)
        extra["service_title"] = checklist.title
        clean["service"] = checklist.title
    body = spec.body.format(**clean, **extra)
    fields = tuple((label, clean[key]) for key, label in printed)
    return Content(kind, spec.title_zh, spec.title_en, fields, (body,), items, tuple(basis), amount)
