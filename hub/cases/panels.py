"""Sections other features add to the staff case page, so that cases never imports them (they build on cases).

A feature registers a loader with ``@case_panel(name, template)``; the case page renders each panel's template
(a ``"<feature>/<file>.html"`` name) with ``case`` and the loader's ``items``, in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hub.cases.models import Case

Loader = Callable[[Session, Case], Sequence[Any]]


@dataclass(frozen=True, slots=True)
class CasePanel:
    name: str
    template: str
    load: Loader
    order: int = 100


PANELS: dict[str, CasePanel] = {}


def case_panel(name: str, template: str, order: int = 100) -> Callable[[Loader], Loader]:
    """Register ``load(session, case) -> items`` as the case page's panel ``name`` (a second one replaces it)."""

    def register(load: Loader) -> Loader:
        PANELS[name] = CasePanel(name, template, load, order)
        return load

    return register


def panels_for(session: Session, case: Case) -> list[tuple[CasePanel, Sequence[Any]]]:
    return [(panel, panel.load(session, case)) for panel in sorted(PANELS.values(), key=lambda p: p.order)]
