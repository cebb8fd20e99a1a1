"""Citations of the enrolment rules (seeds 000 and 003); the ``Cite`` type lives in hub.core.citations."""

from __future__ import annotations

from hub.core.citations import SEED_000, SEED_003, Cite

__all__ = ["SEED_000", "SEED_003", "Cite", "s000", "s003"]


def s003(line: int, quote: str) -> Cite:
    return Cite(SEED_003, line, quote)


def s000(line: int, quote: str) -> Cite:
    return Cite(SEED_000, line, quote)
