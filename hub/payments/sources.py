"""Other features' payable items (fines) in the settlement import: a small registry, so payments imports none.

A feature registers a ``PaymentSource`` at import time; ``import_settlement`` asks every source for the
payment numbers the case payments do not know, reconciles their lines like any other, and hands each good line
to its source to close inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from hub.payments.settlement import Due


@dataclass(frozen=True, slots=True)
class Settled:
    payment_no: str
    paid_at_ms: int
    store: str
    settlement_id: int
    actor: str


class PaymentSource(Protocol):
    name: str

    def dues(self, session: Session, numbers: Iterable[str]) -> dict[str, Due]:
        """What is expected for those of ``numbers`` this source issued."""
        ...

    def settle(self, session: Session, settled: Settled) -> None:
        """Mark one of its payment numbers paid (the settlement line was good)."""
        ...


SOURCES: dict[str, PaymentSource] = {}


def register_source(source: PaymentSource) -> None:
    SOURCES[source.name] = source
