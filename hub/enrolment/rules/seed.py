"""Citations: every rule names the seed line it encodes (file, line number, a short verbatim quote)."""

from __future__ import annotations

from dataclasses import dataclass

SEED_000 = "000_eb555e9df183fefb.txt"
SEED_003 = "003_c6eff292480f240a.txt"


@dataclass(frozen=True, slots=True)
class Cite:
    """A pointer into a seed document; ``quote`` appears verbatim on ``line`` of ``file``."""

    file: str
    line: int
    quote: str

    def __str__(self) -> str:
        return f"seed {self.file}:{self.line} 「{self.quote}」"


def s003(line: int, quote: str) -> Cite:
    return Cite(SEED_003, line, quote)


def s000(line: int, quote: str) -> Cite:
    return Cite(SEED_000, line, quote)
