"""The pure accessibility rules: WCAG contrast, colours sampled from drawn text, target sizes and gaps."""

from __future__ import annotations

import pytest

from kiosk.a11y_rules import (
    Rect,
    contrast,
    gap,
    line_findings,
    markup_colours,
    markup_sizes,
    target_findings,
    text_colours,
)


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # WCAG's #767676
    assert contrast((10, 74, 166), (255, 255, 255)) > 7  # the kiosk's primary button


def test_text_colour_is_the_most_contrasting_colour_that_covers_glyph_pixels() -> None:
    """GIVEN a white box with grey glyph cores and a few odd anti-aliased shades WHEN sampled THEN the
    background is white, the text the grey (a lone darker edge pixel does not count)."""
    pixels = [(255, 255, 255)] * 500 + [(150, 150, 150)] * 40 + [(200, 200, 200)] * 30 + [(0, 0, 0)] * 2
    assert text_colours(pixels) == ((255, 255, 255), (150, 150, 150))
    assert text_colours([(255, 255, 255)] * 100) is None  # nothing drawn


def test_targets_too_small_or_too_close_are_named() -> None:
    ok = Rect(0, 0, 100, 100)
    findings = target_findings("s", [("a", ok), ("b", Rect(110, 0, 100, 100)), ("c", Rect(0, 300, 89, 120))])
    assert [(f.rule, f.what) for f in findings] == [("target_size", "c"), ("target_gap", "a | b")]
    assert gap(ok, Rect(120, 0, 10, 10)) == 20 and gap(ok, Rect(50, 50, 10, 10)) == 0
    assert gap(ok, Rect(103, 104, 1, 1)) == pytest.approx(5.0)  # diagonal


def test_markup_sizes_and_colours() -> None:
    text = "[size=24]Label[/size][size=20][color=3a3a4a]hint[/color][/size]\n[size=44]A1[/size]"
    assert markup_sizes(text, 30) == [24, 20, 44]
    assert markup_sizes("[size=20] [/size]plain", 30) == [30]  # an empty span is not drawn text
    assert markup_colours(text) == [(0x3A, 0x3A, 0x4A)]


def test_lone_characters_and_split_case_numbers_are_found() -> None:
    assert [f.rule for f in line_findings("s", "w", "請重新輸入", ["請重新輸", "入"])] == ["lone_character"]
    assert line_findings("s", "w", "OK", ["O", "K"]) == []  # Latin letters are not CJK stragglers
    code = "案件（K261121-4AD53-AJ5H3）"
    assert [f.rule for f in line_findings("s", "w", code, ["案件（K261121-4AD53-", "AJ5H3）"])] == [
        "split_code"
    ]
    assert line_findings("s", "w", code, ["案件", "（K261121-4AD53-AJ5H3）"]) == []
