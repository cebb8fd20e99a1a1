"""Every seed citation of the counter calculators quotes its seed 002 line verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.counter.calc.cite import SEED_CITES, Cite
from hub.counter.docs.model import shipped_catalogue
from hub.counter.docs.tips import TIP_CITES
from hub.counter.fees.core import SEED_BLANK_A5, SEED_EVERY_COUNTER, SEED_EXACT

ALL = (
    *SEED_CITES,
    *TIP_CITES,
    SEED_EVERY_COUNTER,
    SEED_BLANK_A5,
    SEED_EXACT,
    *(k.seed for k in shipped_catalogue().kinds.values()),
)

#: the seeds sit in ``shared/seeds`` beside the checkout (/work/main) or two levels up from a worktree
SEEDS = next(
    (p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir()),
    Path("/nonexistent"),
)


def test_every_seed_cite_is_listed() -> None:
    from hub.counter.calc import cite

    listed = {c for c in vars(cite).values() if isinstance(c, Cite)}
    assert listed == set(SEED_CITES)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents are not checked out next to the repository")
@pytest.mark.parametrize("cite", ALL, ids=str)
def test_citation_is_verbatim(cite: Cite) -> None:
    lines = (SEEDS / cite.file).read_text(encoding="utf-8").splitlines()
    assert cite.quote in lines[cite.line - 1], f"{cite} not found on that line"
