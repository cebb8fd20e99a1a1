"""Citations into seed 002 (the household-registration toolkit): file, line number, a verbatim quote."""

from __future__ import annotations

from dataclasses import dataclass

SEED_002 = "002_faecce6e5ba8fc5e.txt"


@dataclass(frozen=True, slots=True)
class Cite:
    """A pointer into a seed document; ``quote`` appears verbatim on ``line`` of ``file``."""

    file: str
    line: int
    quote: str

    def __str__(self) -> str:
        return f"seed {self.file}:{self.line} 「{self.quote}」"


def s002(line: int, quote: str) -> Cite:
    return Cite(SEED_002, line, quote)
