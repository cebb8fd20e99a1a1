"""Typed in-process events between hub features: one feature states a fact, others react after it commits.

A feature never calls another feature's service. It publishes a fact (a frozen dataclass defined here) in its
own transaction; every reaction registered with ``@react(FactType)`` runs once that transaction commits
(``hub.core.live.after_commit``), each in a fresh session and transaction of its own, so a reaction that
fails is logged and rolled back alone and never undoes the fact. A fact whose transaction rolls back
reaches nobody.

    @react(CaseClosed)
    def prompt_the_keypad(session: Session, fact: CaseClosed) -> None: ...

    publish(session, CaseClosed(case_no, service, actor))
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from hub.core.live import after_commit

log = logging.getLogger(__name__)
F = TypeVar("F")
Reaction = Callable[[Session, Any], None]
_REACTIONS: dict[type, list[Reaction]] = {}


@dataclass(frozen=True, slots=True)
class CaseClosed:
    """A case reached its closing milestone; ``actor`` is the staff account that closed it."""

    case_no: str
    service: str | None
    actor: str


def react(fact_type: type[F]) -> Callable[[Callable[[Session, F], None]], Callable[[Session, F], None]]:
    """Register the decorated ``reaction(session, fact)`` for every committed fact of ``fact_type``."""

    def register(reaction: Callable[[Session, F], None]) -> Callable[[Session, F], None]:
        reactions = _REACTIONS.setdefault(fact_type, [])
        if reaction not in reactions:
            reactions.append(reaction)
        return reaction

    return register


def reactions(fact_type: type) -> list[Reaction]:
    """The reactions registered for ``fact_type``, in registration order."""
    return list(_REACTIONS.get(fact_type, ()))


def publish(session: Session, fact: object) -> None:
    """State ``fact`` in ``session``'s transaction; its reactions run after that transaction commits."""
    todo = reactions(type(fact))
    if not todo:
        return
    bind = session.get_bind()

    def run() -> None:
        for reaction in todo:
            try:
                with Session(bind) as own, own.begin():
                    reaction(own, fact)
            except Exception:
                log.exception("reaction %s to %s failed", getattr(reaction, "__qualname__", reaction), fact)

    after_commit(session, run)


__all__ = ["CaseClosed", "publish", "react", "reactions"]
