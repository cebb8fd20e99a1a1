"""``faq.search`` from a kiosk: categories, a category's questions, or a search (seed 004:546-548)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.faq.models import FaqEntry
from hub.faq.service import browse, categories, search
from hub.ingest.handlers import on_request
from wire import Decoded
from wire.payloads.faq import KIOSK_PAGE, FaqCategory, FaqItem, FaqPage, FaqSearch


def item(entry: FaqEntry) -> FaqItem:
    return FaqItem(id=entry.id, category=entry.category, agency=entry.agency, question=entry.question,
                   answer=entry.answer)  # fmt: skip


@on_request("faq.search")
def faq_search(session: Session, msg: Decoded) -> FaqPage:
    body = msg.body
    assert isinstance(body, FaqSearch)
    cats = tuple(FaqCategory(name=c, count=n) for c, n in categories(session))
    if not body.query.strip() and not body.category:
        return FaqPage(categories=cats)
    offset = body.page * KIOSK_PAGE
    if body.query.strip():
        found = search(session, body.query, category=body.category, limit=KIOSK_PAGE, offset=offset)
    else:
        found = browse(session, category=body.category, limit=KIOSK_PAGE, offset=offset)
    return FaqPage(
        categories=cats, items=tuple(item(e) for e in found.entries), total=found.total, page=body.page
    )
