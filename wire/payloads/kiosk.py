"""What a kiosk asks the hub for itself: the service catalogue as the kiosk shows it (cached for offline use).

The hub answers ``service.catalogue`` from its catalogue (hub/catalogue), listing only services offered on
the kiosk channel; the kiosk keeps the last answer on disk and shows it, marked offline, when the hub is away.
"""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

Code = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]
FieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


@payload(Channel.REQUEST, "service.catalogue")
class CatalogueRequest(Payload):
    """Ask for the kiosk catalogue; ``known_version`` lets the hub answer ``unchanged`` cheaply."""

    known_version: Annotated[int, Field(ge=0)] = 0


class FeeItem(Payload):
    item: Text
    amount: Annotated[int, Field(ge=0, le=1_000_000)]  # NT$
    per_copy: bool = False


class FormLine(Payload):
    """One field of a printed A4 form; the kiosk fills ``key`` when it has that value (phone, copies)."""

    key: FieldKey
    label: Text
    lines: Annotated[int, Field(ge=1, le=20)] = 1


class KioskForm(Payload):
    code: Code
    title: Text
    version: Annotated[int, Field(ge=1, le=10_000)]
    pages: Annotated[tuple[tuple[FormLine, ...], ...], Field(min_length=1, max_length=50)]
    notes: Annotated[str, StringConstraints(max_length=500)] = ""


class KioskGroup(Payload):
    """A heading the kiosk lists services under (seed 004 attachment 1 / the store menu at 004:1700).

    ``elsewhere``: how many of the group's services are not offered at a kiosk (online or at a counter)."""

    code: Code
    name: Text
    name_en: Text
    elsewhere: Annotated[int, Field(ge=0, le=500)] = 0


class KioskService(Payload):
    code: Code
    name: Text
    name_en: Text
    group: Code | None = None  # a KioskGroup's code; None from a hub before groups (shown under "other")
    agency: Text
    agency_en: Text
    identity: Literal["card", "light", "none"]  # the least identification the service accepts
    fees: Annotated[tuple[FeeItem, ...], Field(max_length=20)] = ()
    forms: Annotated[tuple[KioskForm, ...], Field(max_length=10)] = ()
    fields: Annotated[tuple[Literal["phone", "copies", "email"], ...], Field(max_length=3)] = ("phone",)


@payload(Channel.RESPONSE, "service.catalogue")
class CatalogueResponse(Payload):
    version: Annotated[int, Field(ge=0)]
    unchanged: bool = False  # the kiosk's ``known_version`` is current; ``services`` is then empty
    services: Annotated[tuple[KioskService, ...], Field(max_length=500)] = ()
    groups: Annotated[tuple[KioskGroup, ...], Field(max_length=50)] = ()  # in the order the kiosk shows them
