"""The FAQ presenter over the fake agent: categories, the keyword keyboard, paging, one answer."""

from __future__ import annotations

from kiosk.faq import KEYWORDS, MAX_QUERY, FaqFlow
from kiosk.steps import Msg
from onestop.dev.fake_agent import FakeAgent


def test_categories_then_a_category_then_an_answer() -> None:
    faq = FaqFlow(FakeAgent())
    assert faq.load().error is None and dict(faq.categories)["村里民政類"] == 6 and faq.items == ()
    assert faq.choose("村里民政類").error is None
    assert faq.total == 6 and faq.pages == 2 and len(faq.items) == 4
    assert faq.turn(1).error is None and faq.page == 1 and len(faq.items) == 2  # six questions, four a page
    faq.open(faq.items[-1].id)
    assert faq.opened is not None and faq.opened.question == "收養登記應備證件為何"


def test_keyword_keys_build_the_search() -> None:
    faq = FaqFlow(FakeAgent())
    assert faq.search().error == Msg("faq.type_first")
    assert "戶口" in KEYWORDS and "名簿" in KEYWORDS
    faq.type_key("戶口")
    assert faq.search().error is None and faq.items[0].question == "如何補領戶口名簿?"
    faq.type_key("名簿")
    assert faq.query == "戶口名簿" and faq.search().error is None and faq.total == 2  # a title and an answer
    while faq.type_key("戶口") is None:
        pass
    assert len(faq.query) <= MAX_QUERY and faq.type_key("戶口") == faq.type_key("戶口")
    faq.backspace()
    faq.clear()
    assert faq.query == ""
