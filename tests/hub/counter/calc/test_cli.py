"""``onestop calc``: ISO and ROC dates in, ISO out, --json for scripts, a named field on bad input."""

from __future__ import annotations

import json

import pytest

from onestop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["calc", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_conception_takes_an_roc_date_and_prints_iso(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "conception", "民國113年2月29日", "--json", "--today", "2026-12-04")
    got = json.loads(out)
    assert code == 0 and (got["earliest"], got["latest"]) == ("2023-05-03", "2023-09-01")


def test_deadline_in_text_reads_like_the_reasoning(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "115-01-17", "30", "days")
    assert code == 0 and "2026-02-23" in out and "農曆除夕" in out


def test_residence_and_allowance(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "residence",
        "--stay",
        "2021-01-01,2022-12-31",
        "--stay",
        "112-01-01,112-07-01",
        "--as-of",
        "2024-03-01",
        "--basis",
        "calendar",
        "--json",
        "--today",
        "2026-12-04",
    )
    got = json.loads(out)
    assert code == 0 and not got["ok"] and got["rows"][-1]["short_by"] == 1
    code, out, _ = run(
        capsys,
        "allowance",
        "--birth",
        "2024-02-29",
        "--registered",
        "2024-09-03",
        "--mother-since",
        "2020-01-01",
        "--json",
        "--today",
        "2026-12-04",
    )
    assert code == 0 and json.loads(out)["eligible"] is False


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["conception", "113-02-30"], "birth"),
        (["residence", "--stay", "2023-05-01,2023-04-01", "--as-of", "2024-01-01"], "stays[0].exit"),
        (["deadline", "2027-12-20", "1", "months"], "calendar"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], argv: list[str], field: str
) -> None:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 2 and json.loads(out)["error"]["field"] == field and field in err
