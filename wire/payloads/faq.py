"""FAQ at the kiosk: browse by category or search (the query is public text, no personal data)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

#: Questions on one kiosk screen: 90 px rows 22 px apart fit a 1280×800 screen under the bar (issue 18).
KIOSK_PAGE = 4


@payload(Channel.REQUEST, "faq.search")
class FaqSearch(Payload):
    """``query`` empty: the category's entries (or, with no category either, just the categories)."""

    query: Annotated[str, StringConstraints(max_length=40)] = ""
    category: Annotated[str, StringConstraints(max_length=40)] | None = None
    page: Annotated[int, Field(ge=0, le=500)] = 0


class FaqCategory(Payload):
    name: Annotated[str, StringConstraints(max_length=40)]
    count: Annotated[int, Field(ge=0)]


class FaqItem(Payload):
    id: int
    category: Annotated[str, StringConstraints(max_length=40)]
    agency: Annotated[str, StringConstraints(max_length=60)]
    question: Annotated[str, StringConstraints(max_length=200)]
    answer: Annotated[str, StringConstraints(max_length=4000)]


@payload(Channel.RESPONSE, "faq.search")
class FaqPage(Payload):
    categories: Annotated[tuple[FaqCategory, ...], Field(max_length=100)] = ()
    items: Annotated[tuple[FaqItem, ...], Field(max_length=20)] = ()
    total: Annotated[int, Field(ge=0)] = 0
    page: Annotated[int, Field(ge=0)] = 0
