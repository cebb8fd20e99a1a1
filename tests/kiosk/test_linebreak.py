"""Chinese line breaking: lines fit, no closing punctuation starts a line, no opening bracket ends one."""

from __future__ import annotations

import pytest

from kiosk.linebreak import NO_LINE_END, NO_LINE_START, break_lines, has_cjk, tokens


def width(text: str) -> float:
    """Full-width characters 1 unit, ASCII half a unit (like a CJK font)."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


PAPER_OUT = "印表機缺紙：您的申請已完成，請洽店員補紙，補紙後會自動列印"


def test_closing_punctuation_never_starts_a_line() -> None:
    """GIVEN a width at which a plain character break puts "，" first on line 2 WHEN broken THEN the
    character before the comma moves down with it."""
    naive = PAPER_OUT[:20]
    assert PAPER_OUT[20] == "，"  # a break after 20 characters would start line 2 with the comma
    lines = break_lines(PAPER_OUT, 20, width).split("\n")
    assert lines == [PAPER_OUT[:19], PAPER_OUT[19:39]] and naive != lines[0]
    assert "".join(lines) == PAPER_OUT


def test_opening_bracket_never_ends_a_line() -> None:
    text = "請將文件放入掃描器再按（開始掃描）"
    assert width(text[:12]) == 12 and text[11] == "（"  # a break after 12 would end line 1 with "（"
    lines = break_lines(text, 12, width).split("\n")
    assert all(line[-1] not in NO_LINE_END for line in lines) and lines[1].startswith("（開")
    assert "".join(lines) == text


@pytest.mark.parametrize("room", [3, 5, 8, 13, 21])
def test_every_line_fits_and_nothing_is_lost(room: int) -> None:
    text = "規費NT$30：案件受理後會寄發繳費通知，可憑編號與密碼在本機列印繳費單。\n第 1 頁：已收件（案件 K261121-7QX4M-Z3P9H）"
    out = break_lines(text, room, width)
    assert out.replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
    for line in out.split("\n"):
        assert width(line) <= room + 2 or len(tokens(line)) <= 2, line  # only a long code may overflow
        assert line[:1] not in NO_LINE_START, line


def test_latin_words_stay_whole_and_newlines_are_kept() -> None:
    assert tokens("NT$30：ok go") == ["NT$30", "：", "ok ", "go"]
    assert break_lines("甲乙\n丙丁", 10, width) == "甲乙\n丙丁"
    assert break_lines("代碼 K261121-7QX4M-Z3P9H 已收件", 8, width).split("\n")[1] == "K261121-7QX4M-Z3P9H"


def test_bad_width_is_refused() -> None:
    with pytest.raises(ValueError, match="width must be positive"):
        break_lines("甲", 0, width)


def test_has_cjk() -> None:
    assert has_cjk("查詢") and has_cjk("，") and not has_cjk("Scanner: OK")


def test_a_short_quoted_name_stays_on_one_line() -> None:
    """GIVEN a sentence naming a button 「重新列印」 WHEN the break would fall inside the quote
    THEN the whole quoted name moves to the next line; a long quotation still breaks."""
    assert tokens("請按「重新列印」。") == ["請", "按", "「重新列印」", "。"]
    assert break_lines("請按「重新列印」", 5, len) == "請按\n「重新列印」"
    long = "「" + "字" * 20 + "」"
    assert tokens(long)[0] == "「" and len(tokens(long)) == 22


def test_no_lone_character_on_the_last_line() -> None:
    """GIVEN 「身分證字號不正確，請核對證件後重新輸入」 at a width where a plain break leaves 「入」 alone (issue 18,
    defect 12) WHEN broken THEN the last line carries two characters and every line still fits."""
    text = "身分證字號不正確，請核對證件後重新輸入"
    lines = break_lines(text, 18, width).split("\n")
    assert lines == [text[:17], text[17:]] and lines[1] == "輸入"
    assert all(width(line) <= 18 for line in lines)


def test_a_lone_character_with_its_full_stop_takes_one_more_along() -> None:
    text = "請將卡片取出，並取走單據。"
    lines = break_lines(text, 11, width).split("\n")
    assert lines[-1] == "單據。" and "".join(lines) == text


@pytest.mark.parametrize("room", [12, 13, 14, 16, 20])
def test_a_bracketed_case_number_is_never_split_nor_left_behind_its_bracket(room: float) -> None:
    """GIVEN 「請保留案件編號（K261121-4AD53-AJ5H3）備查」 at several widths WHEN broken THEN the case number is
    whole on one line, its opening bracket is on that line too, and the closing one never starts a line
    (issue 18, defect 12). Every width from that of 「（code）」 (11.5 units) up; kiosk labels hold 20 or more."""
    text = "請保留案件編號（K261121-4AD53-AJ5H3）備查"
    lines = break_lines(text, room, width).split("\n")
    holder = next(line for line in lines if "K261121" in line)
    assert "K261121-4AD53-AJ5H3" in holder and "（K261121" in holder
    assert all(line[:1] not in NO_LINE_START and line[-1:] not in NO_LINE_END for line in lines)
    assert "".join(lines) == text
