"""Fines (罰鍰補單) at the kiosk: look-up by national ID, business number or fine number, and what a slip needs.

The key the citizen typed travels only in the body of ``fine.lookup`` (never a topic, never ``repr``); the hub
checks it (check digit / check rule) and answers with a reason the kiosk shows when it is malformed. The answer
never carries a full national ID: ``payer_masked`` has its last 4 characters as ``*`` (seed 004:1835).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

FineNo = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{6,15}$")]
Text = Annotated[str, StringConstraints(max_length=200)]
#: Collection item code of fines on a convenience-store slip (assigned by the collecting bank).
FINE_ITEM_CODE = "OSF"
#: At most this many fines ticked at once, each on its own slip (seed 004:1794).
MAX_TICKED = 5


def fine_payment_no(fine_no: str) -> str:
    """A fine's payment number on its slip, all 16 characters of barcode segment 2 (what a store's settlement
    file carries back): ``F`` + the fine number zero-padded on the left (case payment numbers are all digits)."""
    return "F" + fine_no.rjust(15, "0")


class FineKey(StrEnum):
    NATIONAL_ID = "national_id"  # 身分證字號
    BUSINESS_NO = "business_no"  # 統一編號
    FINE_NO = "fine_no"  # 罰單編號


class Detail(StrEnum):
    """How much the answer shows: ``card`` when the kiosk's card holder is the payer, else ``light``."""

    LIGHT = "light"
    CARD = "card"


@payload(Channel.REQUEST, "fine.lookup")
class FineLookup(Payload):
    """Unpaid fines by one key (seed 004:669); ``key`` is checked by the hub, so a malformed one gets a reason."""

    kind: FineKey
    key: Annotated[str, StringConstraints(max_length=64), Field(repr=False)]


class FineInfo(Payload):
    """One unpaid fine: the list's columns (seed 004:1798) and what its receipt prints (seed 004:1827-1833)."""

    fine_no: FineNo
    issued_on: date
    decision_no: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    amount: Annotated[int, Field(ge=1)]
    due_on: date
    agency: Text
    payer_masked: Annotated[str, StringConstraints(max_length=16)]  # last 4 as *
    payer_name: Text  # masked at ``light`` detail for a person
    rule: Text | None = None  # 違反法規: only at ``card`` detail for a person
    payment_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,16}$")]
    store: bool  # False: over NT$20,000 or past due, no store slip (seed 004:1835)


@payload(Channel.RESPONSE, "fine.lookup")
class FineList(Payload):
    detail: Detail
    fines: Annotated[tuple[FineInfo, ...], Field(max_length=50)] = ()
    more: bool = False  # more than 50 unpaid: the citizen is told to ask the agency
