"""``onestop hub ratings office|counter|list`` on a real database; bad input gets a message and exit 2."""

from __future__ import annotations

import pytest

from hub.__main__ import main


def test_set_up_an_office_and_a_counter_then_list_them(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ratings", "office", "tpe-xinyi", "--name", "信義區戶政事務所", "--buzzer", "sup-pc/sup",
                 "--db-url", sqlite_url]) == 0  # fmt: skip
    assert main(["ratings", "counter", "tpe-xinyi", "c01", "--device", "counter-pc-01", "--name", "1號櫃檯",
                 "--staff", "lin.counter", "--db-url", sqlite_url]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["ratings", "list", "--db-url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert "tpe-xinyi  信義區戶政事務所  (sup-pc/sup)" in out
    assert "c01  1號櫃檯  keypad on counter-pc-01  staff lin.counter" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ratings", "office", "tpe-xinyi", "--name", "x", "--buzzer", "sup-pc"], "must be DEVICE/COUNTER"),
        (["ratings", "counter", "tpe-nowhere", "c01", "--device", "pc", "--name", "x"], "not configured"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main([*argv, "--db-url", sqlite_url]) == 2
    assert message in capsys.readouterr().err
    assert main(["ratings", "list", "--db-url", sqlite_url]) == 0
    assert capsys.readouterr().out == ""
