"""Every rule of the issue-17 services (fines, pick-up) quotes seed 004 verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.core.citations import Cite
from hub.fines import rules
from hub.pickup import rules as pickup_rules

SEEDS = next(
    (a / "shared" / "seeds" for a in Path(__file__).resolve().parents if (a / "shared" / "seeds").is_dir()),
    Path("/nonexistent"),
)  # the seeds sit beside the checkout (/work/shared/seeds for /work/main and /work/wt/<name>)
CITES = [v for m in (rules, pickup_rules) for v in vars(m).values() if isinstance(v, Cite)]


def test_the_rules_cite_the_seed() -> None:
    assert len(CITES) >= 11


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents are not checked out next to the repository")
@pytest.mark.parametrize("cite", CITES, ids=str)
def test_citation_is_verbatim(cite: Cite) -> None:
    lines = (SEEDS / cite.file).read_text(encoding="utf-8").splitlines()
    assert cite.quote in lines[cite.line - 1], f"{cite} not found on that line"
