"""``PUT /api/v1/cases/{case_no}/slip-password``: a citizen who filed online chooses the password that prints
the case's payment slip at a store kiosk (seed 004:665); the query password proves the case is theirs.
The rules, hashing and the shared guessing limits are in ``hub.cases.slips``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Request, status
from pydantic import StringConstraints

from hub.cases.api import ERRORS, _http, router
from hub.cases.schemas import ErrorOut, _Body
from hub.cases.service import CaseError
from hub.cases.slips import choose_slip_password


class SlipPasswordIn(_Body):
    query_password: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    slip_password: Annotated[str, StringConstraints(min_length=1, max_length=64)]


@router.put(
    "/cases/{case_no}/slip-password",
    status_code=status.HTTP_200_OK,
    responses={**ERRORS, 429: {"model": ErrorOut}},
)
def set_slip_password(case_no: str, body: SlipPasswordIn, request: Request) -> dict[str, Any]:
    """Choose (or change) the slip password of a case filed online: 6 to 12 digits and letters (no I, L, O),
    not one character repeated nor consecutive digits (422 says which). 404 for a wrong case number + query
    password, counted with the progress query's failures (429 when limited); 409 for a case not filed online.
    The system-made query password keeps working; nothing changes when the answer is an error."""
    client = request.client.host if request.client else "unknown"
    try:
        with request.app.state.sessions() as session, session.begin():
            case = choose_slip_password(session, case_no, body.query_password, body.slip_password, client)
        # a wrong pair has recorded its failure (committed above: it counts); the password was not stored
        if case is None:
            raise CaseError("no case with this number and query password", 404)
    except CaseError as exc:
        raise _http(exc) from None
    return {"case_no": case.case_no, "slip_password": "set"}
