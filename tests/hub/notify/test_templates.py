"""Template placeholders are checked, filled, and braces can be escaped."""

import pytest

from hub.notify.templates import TemplateError, placeholders, render, sms_parts


def test_render_fills_known_fields() -> None:
    text = "【桃園市政府】{name} 您好，案件 {case_no} 已受理，處理期限 {due_date}。"
    out = render(text, {"name": "王小明", "case_no": "K251121-7QX4M-Z3P9H", "due_date": "2025-12-01"})
    assert out == "【桃園市政府】王小明 您好，案件 K251121-7QX4M-Z3P9H 已受理，處理期限 2025-12-01。"


def test_missing_value_renders_empty_not_raw() -> None:
    assert render("說明：{note}", {}) == "說明："


def test_escaped_braces() -> None:
    assert render("{{literal}} {case_no}", {"case_no": "X"}) == "{literal} X"
    assert placeholders("{{x}}") == set()


@pytest.mark.parametrize(("template", "message"), [("{nam}", "unknown placeholder"), ("a { b", "unmatched")])
def test_bad_templates_are_refused(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        placeholders(template)


def test_sms_parts() -> None:
    assert sms_parts("字" * 70) == 1
    assert sms_parts("字" * 71) == 2
    assert sms_parts("字" * 134) == 2
    assert sms_parts("字" * 135) == 3
