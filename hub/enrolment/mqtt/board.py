"""Kiosk requests over MQTT: the live board and a parent's result (by registration number and birth date)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.enrolment.models import EnrolRegistration
from hub.enrolment.queries import board_rows, result_of
from hub.enrolment.rules.calendar import SchoolYear, taichung_112
from hub.enrolment.rules.dates import parse_date
from hub.enrolment.rules.errors import InvalidDate
from hub.ingest.handlers import RequestRejected, on_request
from wire import Decoded, Payload
from wire.payloads.enrolment import BoardRequest, BoardResponse, BoardRow, ResultRequest, ResultResponse

PAGE = 100  # kindergartens per answer (two rows each)

#: The school year kiosks see; the HTTP app may override its own (app.state.enrolment_year).
CURRENT_YEAR: list[SchoolYear] = [taichung_112()]


@on_request("enrolment.board")
def board(session: Session, msg: Decoded) -> Payload:
    assert isinstance(msg.body, BoardRequest)
    year = CURRENT_YEAR[0]
    body = msg.body
    rows = board_rows(session, year, body.phase, body.kindergarten, body.after, limit=PAGE + 1)
    more = len({r["kindergarten"] for r in rows}) > PAGE
    if more:
        rows = rows[: PAGE * 2]
    return BoardResponse(
        phase=body.phase,
        rows=[BoardRow(**{k: v for k, v in r.items() if k != "phase"}) for r in rows],
        more=more,
    )


@on_request("enrolment.result")
def result(session: Session, msg: Decoded) -> Payload:
    assert isinstance(msg.body, ResultRequest)
    try:
        birth = parse_date(msg.body.birth)
    except InvalidDate as exc:
        raise RequestRejected("invalid_date", exc.message_en) from None
    reg = session.scalar(select(EnrolRegistration).where(EnrolRegistration.number == msg.body.number))
    if reg is None or reg.birth != birth:
        raise RequestRejected("not_found", "no registration with this number and birth date; check both")
    return ResultResponse(**result_of(session, CURRENT_YEAR[0], reg))
