"""The staff pages' translation mechanism: catalogues, the reader's language, ROC dates in Taipei time."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from hub.web.i18n import ENGLISH, CatalogueError, load_catalogues, one_language, roc_date, translate, when

HUB = Path(__file__).resolve().parents[3] / "hub"
#: _("…") in templates and tr(request, "…") in code, with a Chinese text
_CALL = re.compile(
    r"""(?:\b_|\btr)\(\s*(?:request,\s*)?(["'])((?:(?!\1).)*?[\u4e00-\u9fff](?:(?!\1).)*?)\1"""
)


def test_every_text_a_page_translates_has_english() -> None:
    """A Chinese text passed to _() or tr() without an English entry would show in Chinese on an English
    page; this finds it without a browser (texts chosen from dicts are checked by the page walk)."""
    missing = {
        f"{path.relative_to(HUB)}: {m.group(2)}"
        for path in [*HUB.rglob("*.html"), *HUB.rglob("*.py")]
        for m in _CALL.finditer(path.read_text(encoding="utf-8"))
        if m.group(2) not in ENGLISH
    }
    assert not missing, "\n".join(sorted(missing))


def test_placeholders_match_between_the_languages() -> None:
    names = re.compile(r"\{(\w*)\}")
    wrong = [zh for zh, en in ENGLISH.items() if sorted(names.findall(zh)) != sorted(names.findall(en))]
    assert not wrong


def test_two_catalogues_that_disagree_are_refused(tmp_path: Path) -> None:
    for feature, english in [("a", "Cases"), ("b", "Files")]:
        (tmp_path / feature).mkdir()
        (tmp_path / feature / "messages.en.yaml").write_text(f"案件: {english}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="'案件' is already 'Cases'"):
        load_catalogues(tmp_path)
    (tmp_path / "b" / "messages.en.yaml").write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="expected"):
        load_catalogues(tmp_path)


def test_translate_fills_values_and_keeps_chinese_for_zh() -> None:
    assert translate("zh-TW", "共 {n} 件", n=3) == "共 3 件"
    assert translate("en", "共 {n} 件", n=3) == "3 cases"
    assert translate("en", "沒有英文的句子") == "沒有英文的句子"  # shows (and the page walk catches it)


def test_times_are_taipei_with_roc_years_on_zh_pages() -> None:
    utc_midnight = 1_796_083_200_000  # 2026-12-01T00:00:00Z = 08:00 in Taipei
    assert when(utc_midnight, "zh-TW") == "115/12/01 08:00"
    assert when(utc_midnight, "en") == "2026-12-01 08:00"
    assert when(utc_midnight + 5_000, "en", seconds=True) == "2026-12-01 08:00:05"
    assert when(None, "en") == ""
    assert roc_date(date(2026, 1, 2), "zh-TW") == "115/01/02" and roc_date("2026-01-02", "en") == "2026-01-02"


def test_one_language_takes_the_readers_half_of_a_bilingual_data_label() -> None:
    assert one_language("受文者姓名 Name", "zh-TW") == "受文者姓名"
    assert one_language("受文者姓名 Name", "en") == "Name"
    assert one_language("新生兒加保 NHI 投保", "en") == "新生兒加保 NHI 投保"  # not made that way: whole
    locked = "XT 的 2026-12-05 已結帳鎖定。 2026-12-05 is closed at XT"
    assert one_language(locked, "en") == "2026-12-05 is closed at XT"
    assert one_language(locked, "zh-TW") == "XT 的 2026-12-05 已結帳鎖定。"
