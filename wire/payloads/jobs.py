"""Job vacancies at the kiosk, browsed by township (seed 004:671-673, issue 17)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

Short = Annotated[str, StringConstraints(max_length=100)]


@payload(Channel.REQUEST, "jobs.browse")
class JobsBrowse(Payload):
    """No township: the townships with their counts; a township: one page of its vacancies."""

    township: Annotated[str, StringConstraints(max_length=10)] | None = None
    page: Annotated[int, Field(ge=0, le=1000)] = 0


class TownshipCount(Payload):
    township: Annotated[str, StringConstraints(max_length=10)]
    count: Annotated[int, Field(ge=0)]


class JobRow(Payload):
    """The seed's columns (004:1811): company, title, openings, pay, education, duties, address, phone."""

    id: int
    company: Short
    title: Short
    openings: Annotated[int, Field(ge=1)]
    pay: Short
    education: Short
    duties: Annotated[str, StringConstraints(max_length=300)]
    address: Short
    phone: Short


@payload(Channel.RESPONSE, "jobs.browse")
class JobsPage(Payload):
    townships: Annotated[tuple[TownshipCount, ...], Field(max_length=30)] = ()
    rows: Annotated[tuple[JobRow, ...], Field(max_length=10)] = ()
    total: Annotated[int, Field(ge=0)] = 0
    page: Annotated[int, Field(ge=0)] = 0
