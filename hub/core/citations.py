"""Citations: a rule names the seed line it encodes (file, line number, a short verbatim quote)."""

from __future__ import annotations

from dataclasses import dataclass

SEED_000 = "000_eb555e9df183fefb.txt"
SEED_003 = "003_c6eff292480f240a.txt"
SEED_004 = "004_9e5def8637c2d9cd.txt"


@dataclass(frozen=True, slots=True)
class Cite:
    """A pointer into a seed document; ``quote`` appears verbatim on ``line`` of ``file``."""

    file: str
    line: int
    quote: str

    def __str__(self) -> str:
        return f"seed {self.file}:{self.line} 「{self.quote}」"


def s004(line: int, quote: str) -> Cite:
    return Cite(SEED_004, line, quote)
