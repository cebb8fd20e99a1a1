"""Generic request/response plumbing: the hub's clock, and the error answer to any request.

A response travels on ``res/<request type>`` with a body registered under the same type on the
RESPONSE channel; a refusal travels on ``res/request.error`` instead. Both carry ``corr`` = the request id.
"""

from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload


@payload(Channel.REQUEST, "hub.time")
class TimeRequest(Payload):
    """Ask the hub for its clock (a kiosk checks its own before stamping receipts)."""


@payload(Channel.RESPONSE, "hub.time")
class TimeResponse(Payload):
    now: Annotated[int, Field(ge=0)]  # epoch milliseconds at the hub


@payload(Channel.RESPONSE, "request.error")
class RequestError(Payload):
    """The hub could not answer: ``code`` for programs, ``message`` for a technician."""

    request: Annotated[str, StringConstraints(max_length=64)]
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
    message: Annotated[str, StringConstraints(max_length=500)] = ""
