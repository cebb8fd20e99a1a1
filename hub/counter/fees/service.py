"""Take fees, void, re-print, and close the day: every write checks the day is open and changes nothing when
it refuses. Receipts are numbered per office and year (``<office>-R<ROC year>-<serial>``), never reused."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.counter.fees.core import (
    CHANNELS,
    DaySums,
    Entry,
    FeeError,
    FeeSchedule,
    Line,
    cash_difference,
    day_sums,
    method,
    price,
)
from hub.counter.fees.models import FeeCashCount, FeeDayLock, FeeReceipt, FeeReceiptSeries, FeeVoid
from hub.counter.fees.receipt import ReceiptHeader, render_receipt
from hub.counter.service import next_serial
from hub.payments.models import Payment

TAIPEI = ZoneInfo("Asia/Taipei")
SHIPPED_ITEMS = Path(__file__).resolve().parent / "fee_items.yaml"
REASON_MAX = 500


def shipped_schedule() -> FeeSchedule:
    return FeeSchedule.load(SHIPPED_ITEMS)


def receipt_number(office: str, year: int, serial: int) -> str:
    """``XT-R113-000042``: the R keeps receipts apart from the office's document numbers."""
    return f"{office}-R{year - 1911}-{serial:06d}"


def receipt_qr(base_url: str, number: str) -> str:
    return f"{base_url.rstrip('/')}/staff/counter/fees/receipts/{number}"


class DayLocked(FeeError):
    def __init__(self, office: str, day: date) -> None:
        super().__init__("day", f"{office} 的 {day.isoformat()} 已結帳鎖定，不能再變更；更正請於今日另立紀錄。 "
                                f"{day.isoformat()} is closed at {office}: nothing booked on it may change; "
                                f"book a correction on a later day")  # fmt: skip
        self.office, self.day = office, day


def is_locked(session: Session, office: str, day: date) -> bool:
    return session.get(FeeDayLock, (office, day)) is not None


def _open_day(session: Session, office: str, day: date) -> None:
    if is_locked(session, office, day):
        raise DayLocked(office, day)


def take_fees(
    session: Session, schedule: FeeSchedule, *, office: str, office_name: str, picks: Sequence[tuple[str, object]],
    pay_method: str, cashier: str, cashier_name: str, now: datetime, base_url: str, payer: str = "",
    case_no: str = "",
) -> FeeReceipt:  # fmt: skip
    """Price the picks at today's amounts, number and render the receipt, book it; FeeError changes nothing."""
    day = now.astimezone(TAIPEI).date()
    lines = price(schedule, picks, day)
    how = method(pay_method)
    payer = payer.strip()
    if len(payer) > 100:
        raise FeeError("payer", "繳款人姓名太長。 payer: at most 100 characters")
    case = case_no.strip() or None
    if case is not None and len(case) > 32:
        raise FeeError("case_no", "案件編號太長。 case_no: at most 32 characters")
    _open_day(session, office, day)
    serial = next_serial(session, office, day.year, FeeReceiptSeries)
    number = receipt_number(office, day.year, serial)
    header = ReceiptHeader(
        number, office_name, day, cashier_name, how, payer, case, receipt_qr(base_url, number)
    )
    pdf = render_receipt(header, lines)
    receipt = FeeReceipt(
        number=number, office=office, year=day.year, serial=serial, day=day, issued_at=int(now.timestamp() * 1000),
        cashier=cashier, cashier_name=cashier_name, method=how, payer=payer, case_no=case,
        total=sum(line.amount for line in lines), lines=[{**asdict(line), "amount": line.amount} for line in lines],
        pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest(), copies=0,
    )  # fmt: skip
    session.add(receipt)
    session.flush()
    return receipt


def find(session: Session, number: str) -> FeeReceipt | None:
    return session.scalars(select(FeeReceipt).where(FeeReceipt.number == number.strip().upper())).first()


def lines_of(receipt: FeeReceipt) -> tuple[Line, ...]:
    return tuple(
        Line(r["code"], r["name"], r["unit"], r["unit_amount"], r["quantity"]) for r in receipt.lines
    )


def reprint(receipt: FeeReceipt, office_name: str, base_url: str) -> bytes:
    """The receipt again, the same in every figure and marked 「副本 COPY」; counted on the receipt."""
    header = ReceiptHeader(receipt.number, office_name, receipt.day, receipt.cashier_name, receipt.method,
                           receipt.payer, receipt.case_no, receipt_qr(base_url, receipt.number))  # fmt: skip
    receipt.copies += 1
    return render_receipt(header, lines_of(receipt), copy=True)


def void(session: Session, receipt: FeeReceipt, *, reason: str, by: str, now: datetime) -> FeeVoid:
    """Void with a reason, booked today: the number stays used; a receipt of a locked day is voided as a
    correction on today's books (its own day never changes); today must be open."""
    reason = reason.strip()
    if not reason:
        raise FeeError("reason", "作廢須說明原因。 a void needs a reason")
    if len(reason) > REASON_MAX:
        raise FeeError("reason", f"原因最多 {REASON_MAX} 字。 reason: at most {REASON_MAX} characters")
    if receipt.void is not None:
        raise FeeError("number", f"收據 {receipt.number} 已作廢。 receipt {receipt.number} is already void")
    day = now.astimezone(TAIPEI).date()
    _open_day(session, receipt.office, day)
    entry = FeeVoid(receipt_id=receipt.id, day=day, at=int(now.timestamp() * 1000), by=by, reason=reason)
    session.add(entry)
    session.flush()
    session.refresh(receipt)
    return entry


# -- the daily close --------------------------------------------------------------------------------------
def entries(session: Session, office: str, day: date, cashier: str | None = None) -> list[Entry]:
    """What is booked on ``day`` at ``office`` (one cashier's, or all): receipts issued and voids made that day."""
    query = select(FeeReceipt).where(FeeReceipt.office == office, FeeReceipt.day == day)
    if cashier is not None:
        query = query.where(FeeReceipt.cashier == cashier)
    out = [Entry("counter", r.method, r.total, [(x["code"], x["quantity"], x["amount"]) for x in r.lines])
           for r in session.scalars(query)]  # fmt: skip
    voids = (
        select(FeeVoid, FeeReceipt).join(FeeReceipt).where(FeeReceipt.office == office, FeeVoid.day == day)
    )
    if cashier is not None:
        voids = voids.where(FeeReceipt.cashier == cashier)
    for _v, r in session.execute(voids):
        out.append(Entry("counter", r.method, -r.total,
                         [(x["code"], -x["quantity"], -x["amount"]) for x in r.lines], void=True))  # fmt: skip
    return out


def other_channels(session: Session, day: date) -> dict[str, tuple[int, int]]:
    """Money the hub's other channels booked on ``day`` (Taipei): channel → (payments, NT$).

    Convenience-store slips are booked when the collector's settlement file marks them paid."""
    start = datetime.combine(day, datetime.min.time(), TAIPEI)
    lo, hi = int(start.timestamp() * 1000), int(start.timestamp() * 1000) + 86_400_000
    paid = session.scalars(
        select(Payment).where(Payment.status == "paid", Payment.paid_at >= lo, Payment.paid_at < hi)
    )
    out: dict[str, tuple[int, int]] = {}
    for p in paid:
        channel = "store" if p.store else "kiosk"
        n, amount = out.get(channel, (0, 0))
        out[channel] = (n + 1, amount + p.amount)
    return out


def cashiers(session: Session, office: str, day: date) -> list[str]:
    """Everyone who booked anything on ``day`` at ``office``: each must count their cash before the lock."""
    issued = select(FeeReceipt.cashier).where(FeeReceipt.office == office, FeeReceipt.day == day)
    voided = select(FeeReceipt.cashier).join(FeeVoid).where(FeeReceipt.office == office, FeeVoid.day == day)
    return sorted(set(session.scalars(issued)) | set(session.scalars(voided)))


def count_cash(
    session: Session, *, office: str, day: date, cashier: str, counted: object, explanation: str, by: str,
    now: datetime,
) -> FeeCashCount:  # fmt: skip
    """Record a cashier's counted cash; a difference must be explained; a locked day refuses."""
    text = str(counted).strip().replace(",", "")
    if isinstance(counted, bool) or not text.isdigit():
        raise FeeError("counted", "請輸入點收的現金金額（整數元）。 counted cash must be a whole amount ≥ 0")
    amount = int(text)
    if amount > 10_000_000:
        raise FeeError("counted", "金額過大，請再確認。 counted cash looks wrong (over NT$10,000,000)")
    explanation = explanation.strip()
    if len(explanation) > REASON_MAX:
        raise FeeError(
            "explanation", f"說明最多 {REASON_MAX} 字。 explanation: at most {REASON_MAX} characters"
        )
    _open_day(session, office, day)
    sums = day_sums(entries(session, office, day, cashier))
    difference = cash_difference(sums, amount)
    if difference and not explanation:
        raise CashMismatch(sums.cash, amount)
    row = session.get(FeeCashCount, (office, day, cashier))
    if row is None:
        row = FeeCashCount(office=office, day=day, cashier=cashier)
        session.add(row)
    row.expected, row.counted, row.explanation = sums.cash, amount, explanation or None
    row.at, row.by = int(now.timestamp() * 1000), by
    session.flush()
    return row


class CashMismatch(FeeError):
    def __init__(self, expected: int, counted: int) -> None:
        diff = counted - expected
        word = ("溢收", "over") if diff > 0 else ("短收", "short")
        super().__init__("explanation", f"點收現金 {counted:,} 元與帳列 {expected:,} 元不符（{word[0]} {abs(diff):,} 元），"
                                        f"請說明原因。 counted NT${counted:,} against NT${expected:,} in the books: "
                                        f"{word[1]} by NT${abs(diff):,}; explain the difference")  # fmt: skip
        self.expected, self.counted = expected, counted


def close_view(session: Session, office: str, day: date) -> dict[str, Any]:
    """Everything the close page and its exports show: sums per item, method and channel, each cashier."""
    sums = day_sums(entries(session, office, day))
    counts = {c.cashier: c for c in session.scalars(
        select(FeeCashCount).where(FeeCashCount.office == office, FeeCashCount.day == day))}  # fmt: skip
    people = []
    for cashier in cashiers(session, office, day):
        own = day_sums(entries(session, office, day, cashier))
        count = counts.get(cashier)
        people.append({"cashier": cashier, "receipts": own.receipts, "voids": own.voids, "total": own.total,
                       "cash": own.cash, "counted": count.counted if count else None,
                       "difference": (count.counted - own.cash) if count else None,
                       "explanation": count.explanation if count else None})  # fmt: skip
    lock = session.get(FeeDayLock, (office, day))
    return {"office": office, "day": day, "sums": sums, "cashiers": people, "lock": lock,
            "channels": other_channels(session, day), "channel_names": CHANNELS}  # fmt: skip


def lock_day(session: Session, *, office: str, day: date, by: str, now: datetime) -> FeeDayLock:
    """Close ``office``'s ``day``: every cashier counted, every difference explained; then nothing changes."""
    _open_day(session, office, day)
    view = close_view(session, office, day)
    missing = [c["cashier"] for c in view["cashiers"] if c["counted"] is None]
    if missing:
        raise FeeError(
            "day", f"尚有經收人未點收現金：{'、'.join(missing)}。 not counted yet: {', '.join(missing)}"
        )
    unexplained = [c["cashier"] for c in view["cashiers"] if c["difference"] and not c["explanation"]]
    if unexplained:
        raise FeeError("day", f"現金差額未說明：{'、'.join(unexplained)}。 unexplained differences: "
                              f"{', '.join(unexplained)}")  # fmt: skip
    summary = summary_of(view["sums"], view["channels"], view["cashiers"])
    lock = FeeDayLock(office=office, day=day, at=int(now.timestamp() * 1000), by=by, summary=summary)
    session.add(lock)
    session.flush()
    return lock


def summary_of(
    sums: DaySums, channels: dict[str, tuple[int, int]], people: list[dict[str, Any]]
) -> dict[str, Any]:
    return {"receipts": sums.receipts, "voids": sums.voids, "total": sums.total, "by_method": dict(sums.by_method),
            "by_item": {k: list(v) for k, v in sums.by_item.items()},
            "other_channels": {k: list(v) for k, v in channels.items()},
            "cashiers": [{k: v for k, v in p.items() if k != "explanation"} | {"explanation": p["explanation"]}
                         for p in people]}  # fmt: skip
