"""Kindergarten enrolment at the kiosk: the live board and a parent's draw result (issue 9).

No national ID travels here: a result is looked up by registration number and the child's birth date.
"""

from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,16}$")]
Phase = Annotated[int, Field(ge=1, le=3)]


@payload(Channel.REQUEST, "enrolment.board")
class BoardRequest(Payload):
    """Places, registrations and vacancies of one phase; one kindergarten, or all (paged by ``after``)."""

    phase: Phase = 1
    kindergarten: Code | None = None
    after: Code | None = None  # the last code of the previous page


class BoardRow(Payload):
    kindergarten: Code
    name_zh: Annotated[str, StringConstraints(max_length=100)]
    name_en: Annotated[str, StringConstraints(max_length=200)]
    pool: Annotated[str, StringConstraints(pattern=r"^(two_year|mixed)$")]
    places: Annotated[int, Field(ge=0)] | None
    registrations: Annotated[int, Field(ge=0)]
    vacancies: Annotated[int, Field(ge=0)] | None


@payload(Channel.RESPONSE, "enrolment.board")
class BoardResponse(Payload):
    phase: Phase
    rows: Annotated[list[BoardRow], Field(max_length=200)]
    more: bool = False  # ask again with ``after`` = the last row's kindergarten


@payload(Channel.REQUEST, "enrolment.result")
class ResultRequest(Payload):
    number: Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")]
    birth: Annotated[str, StringConstraints(max_length=20)]  # ROC (106-09-02) or AD (2017-09-02)


@payload(Channel.RESPONSE, "enrolment.result")
class ResultResponse(Payload):
    """``status``: registered, admitted, waitlisted, offered, checked_in, forfeited, left."""

    number: Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")]
    kindergarten: Code
    phase: Phase
    status: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,16}$")]
    rank: Annotated[int, Field(ge=1)] | None = None
    respond_by: Annotated[str, StringConstraints(max_length=40)] | None = None
