"""MQTT: the counter A4 printer's job-state events, kept per job so the staff page can show them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.counter.models import CounterPrintJob
from hub.ingest.handlers import on_event
from wire import Decoded, now_ms
from wire.payloads.a4print import A4JobUpdate

FINAL = ("completed", "failed")


@on_event(A4JobUpdate.TYPE)
def a4_job_update(session: Session, msg: Decoded) -> None:
    """Record the newest state of a print job (a late event never undoes a final state)."""
    body = msg.body
    assert isinstance(body, A4JobUpdate)
    job = session.get(CounterPrintJob, body.job)
    if job is None:
        job = CounterPrintJob(job=body.job, device=msg.address.device, site=msg.address.site,
                              document_no=body.document_no, state="pending", created_at=now_ms())  # fmt: skip
        session.add(job)
    elif job.state in FINAL:
        return
    job.state = body.state.value
    job.reason = body.reason or None
    job.paper_out = body.paper_out
    job.cups_job = body.cups_job
    job.updated_at = now_ms()
