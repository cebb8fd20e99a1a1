"""``jobs.browse`` from a kiosk: townships with counts, or one township's vacancies (seed 004:673)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.ingest.handlers import RequestRejected, on_request
from hub.jobs.importfile import TOWNSHIPS
from hub.jobs.service import KIOSK_PAGE, browse, townships
from wire import Decoded
from wire.payloads.jobs import JobRow, JobsBrowse, JobsPage, TownshipCount


@on_request("jobs.browse")
def jobs_browse(session: Session, msg: Decoded) -> JobsPage:
    body = msg.body
    assert isinstance(body, JobsBrowse)
    counts = tuple(TownshipCount(township=t, count=n) for t, n in townships(session))
    if body.township is None:
        return JobsPage(townships=counts)
    if body.township not in TOWNSHIPS:
        raise RequestRejected("invalid_township", "沒有這個鄉鎮市 No such township")
    rows, total = browse(session, body.township, KIOSK_PAGE, body.page * KIOSK_PAGE)
    keys = ("id", "company", "title", "openings", "pay", "education", "duties", "address", "phone")
    return JobsPage(townships=counts, rows=tuple(JobRow(**{k: getattr(r, k) for k in keys}) for r in rows),
                    total=total, page=body.page)  # fmt: skip
