"""A calculator's reasoning, line by line, in zh-TW with English, each line with the rule it applies."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from hub.counter.calc.cite import Cite, Law


@dataclass(frozen=True, slots=True)
class Step:
    """One line staff can read to the citizen."""

    zh: str
    en: str
    rule: str = ""

    @classmethod
    def of(cls, zh: str, en: str, rule: Cite | Law | None = None) -> Step:
        return cls(zh, en, "" if rule is None else str(rule))


def plain(value: Any) -> Any:
    """Dataclasses, dates, enums, tuples → JSON-ready values (dates as ISO strings)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value
