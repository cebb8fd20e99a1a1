"""Activity at kiosks and counters that the demo and the fleet simulator produce."""

from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

ServiceCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]


@payload(Channel.EVENT, "kiosk.visit")
class KioskVisit(Payload):
    """One citizen's session at a kiosk, from card insertion (or first touch) to reset."""

    service: ServiceCode | None = None
    seconds: Annotated[int, Field(ge=0, le=86_400)]
    outcome: Annotated[str, StringConstraints(pattern=r"^(completed|abandoned|timed_out|error)$")]
    pages_printed: Annotated[int, Field(ge=0, le=1000)] = 0


@payload(Channel.EVENT, "counter.served")
class CounterServed(Payload):
    """A counter finished serving one citizen (the keypad may then prompt for a rating)."""

    counter: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
    service: ServiceCode
    seconds: Annotated[int, Field(ge=0, le=86_400)]
    case_no: Annotated[str, StringConstraints(max_length=32)] | None = None
