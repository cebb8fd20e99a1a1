"""Document pick-up: what a counter's 2D barcode reader read (seed 004:1463, issue 17).

The read text (the pick-up QR, ``ONESTOP:PICKUP:<code>``) travels only in this event's body, never in a topic or
``repr``; the hub judges it against the counter's office and keeps the verdict, not the code.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload


@payload(Channel.EVENT, "pickup.scanned")
class PickupScanned(Payload):
    text: Annotated[str, StringConstraints(min_length=1, max_length=200), Field(repr=False)]
    office: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z-]{1,19}$")]  # the counter's office code
    read_at: Annotated[int, Field(ge=0)]  # epoch ms at the reader
