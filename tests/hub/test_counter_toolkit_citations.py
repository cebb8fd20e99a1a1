"""Every counter-toolkit III rule (N+e, seals, archive, offices) cites seed 002 verbatim; the data file has the seed's 11 kinds and 71 agencies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hub.core import offices
from hub.core.seed_cite import Cite
from hub.nplus_e import catalogue


def seeds_dir() -> Path | None:
    env = os.environ.get("ONESTOP_SEEDS")
    candidates = [Path(env)] if env else []
    candidates += [p / "shared" / "seeds" for p in Path(__file__).resolve().parents]
    return next((p for p in candidates if p.is_dir()), None)


def all_cites() -> list[Cite]:
    found = catalogue.load().cites() + [cite for _, cite in catalogue.CHANGE_KINDS.values()]
    for module in (catalogue, offices):
        found += [v for v in vars(module).values() if isinstance(v, Cite)]
    from hub.archive import rules as archive_rules
    from hub.seals import rules as seal_rules

    for module in (seal_rules, archive_rules):
        found += [v for v in vars(module).values() if isinstance(v, Cite)]
    return found


def test_the_catalogue_has_11_kinds_and_71_agencies() -> None:
    c = catalogue.load()
    assert len(c.kinds) == 11 and len(c.agencies) == 71
    assert "11類共 71個機關" in c.total_cite.quote


@pytest.mark.skipif(seeds_dir() is None, reason="seed documents are not checked out (set ONESTOP_SEEDS)")
@pytest.mark.parametrize("cite", all_cites(), ids=str)
def test_citation_is_verbatim(cite: Cite) -> None:
    folder = seeds_dir()
    assert folder is not None
    lines = (folder / cite.file).read_text(encoding="utf-8").splitlines()
    assert cite.quote in lines[cite.line - 1], f"{cite} not found on that line"


def test_a_broken_data_file_is_refused() -> None:
    with pytest.raises(catalogue.CatalogueError, match="11 distinct kinds"):
        catalogue.parse({"kinds": [], "agencies": [], "total": {"count": 0}})
