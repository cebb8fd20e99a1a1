"""Follow-up tips: every kind the seed names has data, staff edits replace it, bad lines name the line."""

from __future__ import annotations

import pytest

from hub.counter.calc import CalcError
from hub.counter.docs.tips import KINDS, parse_items, shipped_tips


def test_the_eight_kinds_the_seed_names_all_have_tips() -> None:
    tips = shipped_tips()
    assert tuple(tips) == KINDS and len(KINDS) == 8
    assert all(len(t.items) >= 2 for t in tips.values())
    assert any("新生兒加保" in t.title for t in tips["birth"].items)  # the one item the seed names
    assert all(
        "{" not in t.title and t.agency for tl in tips.values() for t in tl.items
    )  # plain text, no YAML maps


def test_a_bad_line_is_named() -> None:
    with pytest.raises(CalcError) as caught:
        parse_items(["ok | agency", "no agency here"])
    assert caught.value.field == "items[1]"
    with pytest.raises(CalcError):
        parse_items([])
