"""Kindergarten enrolment at the kiosk: the live board, a parent's draw result, and registration (issue 9).

A result is looked up by registration number and the child's birth date. Registration needs the child's
national ID: it travels only in the body of ``enrolment.register`` (never in a topic), the hub turns it into
its keyed hash at once and never logs, stores or echoes it; the answer carries the masked ID.
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


@payload(Channel.REQUEST, "enrolment.register")
class RegisterRequest(Payload):
    """One child at one kindergarten, registered by a parent at the kiosk (counts as the online channel).

    ``citizen_session`` is the parent's card-login session on this device (``auth.card``): required for every
    category but ``g_resident``, which light identification (the child's ID with a valid check digit and the
    birth date) may register. ``national_id`` is checked by the hub, not here, so a malformed number is
    refused with a reason instead of dead-lettered with the body; ``repr`` never shows it.
    """

    kindergarten: Code
    phase: Phase = 1
    national_id: Annotated[str, StringConstraints(max_length=64), Field(repr=False)]
    birth: Annotated[str, StringConstraints(max_length=20)]  # ROC (107-01-10) or AD (2018-01-10)
    category: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")] = "g_resident"
    resident: bool = True
    resident_since: Annotated[str, StringConstraints(max_length=20)] | None = None
    national: bool = True
    parent_disabled_non_resident: bool = False
    grandparents_household: bool = False
    has_priority_card: bool = False
    staff_kindergarten: Code | None = None
    citizen_session: Annotated[str, StringConstraints(max_length=128)] | None = Field(
        default=None, repr=False
    )
    #: the parent's mobile number for waiting-list notices (備取遞補: a place offered); never echoed
    phone: Annotated[str, StringConstraints(pattern=r"^09[0-9]{8}$")] | None = Field(default=None, repr=False)


@payload(Channel.RESPONSE, "enrolment.register")
class RegisterResponse(Payload):
    """The registration number to keep, and what to show: never the full ID (``child`` = ``******6789``)."""

    number: Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")]
    kindergarten: Code
    phase: Phase
    child: Annotated[str, StringConstraints(pattern=r"^\*{6}[0-9]{4}$")]
    birth: Annotated[str, StringConstraints(max_length=40)]  # both calendars: 107-01-10 (2018-01-10)
    age: Annotated[int, Field(ge=2, le=5)]
    group: Annotated[str, StringConstraints(max_length=16)]  # the lottery line, e.g. L06R0
    identified: Annotated[str, StringConstraints(pattern=r"^(card|light)$")]
