"""A kindergarten draw: frozen lists, ranking in seed order, twins on one ticket, staff cap, verifiable transcript."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hub.enrolment.lottery.draw import Entry, announce, draw
from hub.enrolment.lottery.rfc3797 import SelectionError, select
from hub.enrolment.rules.ordering import OrderKey
from hub.enrolment.rules.quotas import Pool, Quota

VERIFIER = Path(__file__).resolve().parents[4] / "scripts" / "verify_lottery.py"
VALUES = [[3, 17, 22, 28, 39, 44], [5]]
SOURCES = ["Lotto 6/49 draw 112000040, six numbers", "its special number"]


def entries() -> list[Entry]:
    out = [Entry(f"G{i:03d}", OrderKey(6, 0), Pool.MIXED) for i in range(40)]  # 5-year general
    out += [Entry(f"N{i:03d}", OrderKey(1, 0), Pool.MIXED) for i in range(3)]  # 5-year needs assistance
    out += [Entry(f"S{i:03d}", OrderKey(5, 3), Pool.MIXED, staff=True) for i in range(4)]  # staff children
    out += [Entry(f"T{i}", OrderKey(5, 4), Pool.MIXED, together="twins-a") for i in range(2)]
    out += [Entry(f"Y{i:03d}", OrderKey(4, 0), Pool.TWO_YEAR) for i in range(5)]
    return out


def run(places: dict[Pool, int], staff_cap: int = 2, seq: list[Entry] | None = None):  # type: ignore[no-untyped-def]
    ann = announce("112-KG7-P1", "KG7", 1, Quota(places, staff_cap), seq or entries(), SOURCES)
    return draw(ann, VALUES)


def test_groups_are_ranked_in_seed_order_and_ranking_is_complete() -> None:
    result = run({Pool.MIXED: 10, Pool.TWO_YEAR: 3})
    groups = [p.group for p in result.ranking]
    assert groups == sorted(groups)
    assert groups[0] == "L01R0" and groups[-1] == "L06R0"
    children = [c for p in result.ranking for c in p.ticket.children]
    assert sorted(children) == sorted(e.registration for e in entries())


def test_admission_respects_places_staff_cap_and_twins_ticket() -> None:
    result = run({Pool.MIXED: 10, Pool.TWO_YEAR: 3})
    winners = result.transcript["winners"]
    assert len([w for w in winners if w.startswith("Y")]) == 3
    assert {w for w in winners if w.startswith("N")} == {"N000", "N001", "N002"}
    assert len([w for w in winners if w.startswith("S")]) == 2  # cap 2 of 4 staff children
    assert {"T0", "T1"} <= set(winners)  # one joint ticket, both admitted
    assert len([w for w in winners if w not in ("Y000", "Y001", "Y002", "Y003", "Y004")]) == 10
    twins = [p for p in result.ranking if p.ticket.ticket == "T-twins-a"]
    assert len(twins) == 1 and twins[0].ticket.children == ("T0", "T1")
    assert len(result.waitlist(Pool.TWO_YEAR)) == 2


def test_joint_ticket_is_admitted_whole_or_waitlisted() -> None:
    """GIVEN one place left when the twins' ticket comes up THEN they wait together and the place goes on."""
    seq = [
        Entry("T0", OrderKey(5, 4), Pool.MIXED, together="x"),
        Entry("T1", OrderKey(5, 4), Pool.MIXED, together="x"),
    ]
    seq += [Entry("G1", OrderKey(6, 0), Pool.MIXED)]
    result = run({Pool.MIXED: 1, Pool.TWO_YEAR: 0}, seq=seq)
    assert result.transcript["winners"] == ["G1"]
    assert result.transcript["waitlist"]["mixed"] == [["T0", "T1"]]


def test_same_inputs_same_result_different_randomness_different_result() -> None:
    first = run({Pool.MIXED: 10, Pool.TWO_YEAR: 3})
    assert run({Pool.MIXED: 10, Pool.TWO_YEAR: 3}).transcript == first.transcript
    ann = first.announcement
    other = draw(ann, [[1, 2, 3, 4, 5, 6], [7]])
    assert other.transcript["ranking"] != first.transcript["ranking"]


def test_announcement_hash_binds_the_entrant_list() -> None:
    a = run({Pool.MIXED: 10, Pool.TWO_YEAR: 3}).announcement
    b = run({Pool.MIXED: 10, Pool.TWO_YEAR: 3}, seq=entries()[1:]).announcement
    assert a.fingerprint() != b.fingerprint()
    assert a.groups[-1].sha256() != b.groups[-1].sha256()


@pytest.mark.parametrize(
    ("seq", "message"),
    [
        ([Entry("A", OrderKey(6, 0), Pool.MIXED), Entry("A", OrderKey(6, 0), Pool.MIXED)], "entered twice"),
        (
            [
                Entry("A", OrderKey(6, 0), Pool.MIXED, together="x"),
                Entry("B", OrderKey(5, 4), Pool.MIXED, together="x"),
            ],
            "must share",
        ),
    ],
)
def test_bad_entrant_lists_are_refused(seq: list[Entry], message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        announce("D", "KG", 1, Quota({Pool.MIXED: 1}, 0), seq, SOURCES)


def test_wrong_number_of_source_values_is_refused() -> None:
    ann = run({Pool.MIXED: 1, Pool.TWO_YEAR: 1}).announcement
    with pytest.raises(SelectionError, match="announced"):
        draw(ann, [[1]])


def verify(tmp_path: Path, transcript: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(transcript, ensure_ascii=False), encoding="utf-8")
    # -I: isolated mode, no project on the path; the script must stand alone
    return subprocess.run(
        [sys.executable, "-I", str(VERIFIER), str(path)], capture_output=True, text=True, timeout=60
    )


def test_independent_script_reproduces_the_ranking(tmp_path: Path) -> None:
    done = verify(tmp_path, run({Pool.MIXED: 10, Pool.TWO_YEAR: 3}).transcript)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verified 1 transcript(s), 53 ranked ticket(s); 0 failed" in done.stdout


def tamper_swap(t: dict[str, Any]) -> None:
    t["ranking"][0][1], t["ranking"][1][1] = (
        t["ranking"][1][1],
        t["ranking"][0][1],
    )


def tamper_entrant(t: dict[str, Any]) -> None:
    t["announcement"]["groups"][-1]["entrants"].pop()


def tamper_values(t: dict[str, Any]) -> None:
    t["randomness"][1]["values"] = [6]


def tamper_admit(t: dict[str, Any]) -> None:
    loser = next(p for p in t["ranking"] if not p[4])
    loser[4] = True


@pytest.mark.parametrize("tamper", [tamper_swap, tamper_entrant, tamper_values, tamper_admit])
def test_independent_script_catches_tampering(tmp_path: Path, tamper: Any) -> None:
    transcript = copy.deepcopy(run({Pool.MIXED: 10, Pool.TWO_YEAR: 3}).transcript)
    tamper(transcript)
    done = verify(tmp_path, transcript)
    assert done.returncode == 1 and "FAIL" in done.stdout


def test_show_prints_the_rfc_table(tmp_path: Path) -> None:
    result = run({Pool.MIXED: 10, Pool.TWO_YEAR: 3})
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(result.transcript), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-I", str(VERIFIER), "--show", str(path)], capture_output=True, text=True
    )
    first = result.transcript["draws"][0]
    digest = select(first["key"], len(result.announcement.groups[0].tickets))[0].digest
    assert done.returncode == 0 and f"     1  {digest}" in done.stdout
