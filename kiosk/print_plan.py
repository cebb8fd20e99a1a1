"""What a print puts in the citizen's hand and what it costs them, shown before anything prints (issue 18,
defect 4); pure, no Kivy.

Prices: seed 004 (Taoyuan's store kiosk, lines 1749 and 1774) prices the A4 application form at NT$2 a sheet
(「申請表格列印費用：每張 2 元」) and returning it by the store's scanner at NT$11 (「申請表格掃描回傳費用：11 元」).
It names no price for the receipt (受理憑單) or a payment slip; we assume those cost nothing, as the store
slips of seed 004's fines do (the store's collection charge, 「應自行負擔手續費」, is paid at the counter and
its amount is the store's). The agency's fee (規費) is not paid at the print: a slip for it comes when the
case reaches payment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalogue import Service

FORM_PAGE_PRICE = 2  # NT$ per A4 form sheet, seed 004:1749
SCAN_RETURN_PRICE = 11  # NT$ to return the signed form through the store's scanner, seed 004:1749
RECEIPT_PRICE = 0  # receipt and payment slips on the receipt printer: assumed free (the seed names no price)


@dataclass(frozen=True, slots=True)
class PrintLine:
    """``count`` sheets of one kind (``print.item.<kind>``) at ``price_each`` NT$."""

    kind: str  # receipt | form | slip
    count: int
    price_each: int
    title: str = ""  # the form's title, the slip's payment number

    @property
    def price(self) -> int:
        return self.count * self.price_each


@dataclass(frozen=True, slots=True)
class PrintPlan:
    """Everything one press of "print" prints, and what the citizen pays: now for the print, later to the
    agency (``fee``) or at the store counter for the slips (``pay_at_store``)."""

    action: str  # application | slips: what "print" then does
    lines: tuple[PrintLine, ...]
    fee: int = 0  # 規費 for the application, paid later with a slip
    pay_at_store: int = 0  # the slips' amounts, paid at the store counter
    return_scan: int = (
        0  # NT$ to return signed forms through the store's scanner later (0: nothing to return)
    )

    @property
    def print_cost(self) -> int:
        return sum(line.price for line in self.lines)

    @property
    def sheets(self) -> int:
        return sum(line.count for line in self.lines)


def application_plan(service: Service, fee: int) -> PrintPlan:
    """The receipt (受理憑單), then each A4 form page by page; ``fee`` (for the copies asked) is paid later."""
    lines = [PrintLine("receipt", 1, RECEIPT_PRICE)]
    for form in service.forms:
        lines.append(
            PrintLine("form", len(form.get("pages") or ()) or 1, FORM_PAGE_PRICE, str(form["title"]))
        )
    return PrintPlan(
        "application", tuple(lines), fee=fee, return_scan=SCAN_RETURN_PRICE if service.forms else 0
    )


def slips_plan(slips: Iterable[Mapping[str, Any]]) -> PrintPlan:
    """One store payment slip per unpaid payment of a queried case; their amounts are paid at the counter."""
    slips = list(slips)
    lines = tuple(PrintLine("slip", 1, RECEIPT_PRICE, str(s["payment_no"])) for s in slips)
    return PrintPlan("slips", lines, pay_at_store=sum(int(s["amount"]) for s in slips))


def fines_plan(fines: Iterable[tuple[str, int]]) -> PrintPlan:
    """One fine receipt with its store slip per ticked fine (fine number, amount); paid at the counter."""
    fines = list(fines)
    lines = tuple(PrintLine("fine", 1, RECEIPT_PRICE, fine_no) for fine_no, _amount in fines)
    return PrintPlan("fines", lines, pay_at_store=sum(amount for _fine_no, amount in fines))
