"""Every rule's citation quotes its seed line verbatim (the seeds are the Traditional Chinese originals)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.enrolment.rules import calendar, categories, dates, eligibility, ordering, quotas
from hub.enrolment.rules.seed import Cite

SEEDS = Path(__file__).resolve().parents[5] / "shared" / "seeds"


def all_cites() -> list[Cite]:
    found: list[Cite] = []
    for module in (calendar, categories, dates, eligibility, ordering, quotas):
        for value in vars(module).values():
            items = (
                value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
            )
            for item in items:
                if isinstance(item, Cite):
                    found.append(item)
                elif isinstance(item, categories.CategoryRule):
                    found.extend([item.residence_rule, item.online_rule])
                elif isinstance(item, ordering.OrderLine):
                    found.append(item.cite)
    return found


def test_there_are_many_citations() -> None:
    assert len(all_cites()) > 60


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents are not checked out next to the repository")
@pytest.mark.parametrize("cite", all_cites(), ids=str)
def test_citation_is_verbatim(cite: Cite) -> None:
    lines = (SEEDS / cite.file).read_text(encoding="utf-8").splitlines()
    assert cite.quote in lines[cite.line - 1], f"{cite} not found on that line"
