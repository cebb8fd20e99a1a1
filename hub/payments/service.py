"""Payments: make one per slip when fees fall due, give slip data to print, import settlement files."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.payments.models import Payment, SettlementImport
from hub.payments.settlement import Due, Problem, parse, reconcile
from hub.staff.accounts import audit
from wire import now_ms
from wire.printed import MAX_AMOUNT, qr_content, slip_codes, split_amount

TAIPEI = ZoneInfo("Asia/Taipei")
#: Collection item code assigned by the collecting bank (3 characters).
ITEM_CODE = "OS1"
#: Working days a citizen has to pay once fees fall due.
PAY_WITHIN_WORKING_DAYS = 7


def new_payment_no(session: Session, today: date) -> str:
    """16 digits: YYMMDD + 10 random digits, unique in the table."""
    for _ in range(20):
        candidate = f"{today:%y%m%d}{secrets.randbelow(10**10):010d}"
        if session.scalar(select(Payment.id).where(Payment.payment_no == candidate)) is None:
            return candidate
    raise RuntimeError("could not find a free payment number in 20 tries")


def create_payments(session: Session, case_id: int, total: int, due_on: date, today: date) -> list[Payment]:
    """One payment per slip: totals above NT$20,000 are split (a store collects at most that per slip)."""
    payments = []
    for amount in split_amount(total):
        payment = Payment(
            case_id=case_id,
            payment_no=new_payment_no(session, today),
            amount=amount,
            due_on=due_on,
            status="due",
            created_at=now_ms(),
        )
        session.add(payment)
        session.flush()
        payments.append(payment)
    return payments


def slip_data(case_no: str, payment: Payment) -> dict[str, Any]:
    """What an agent prints on a slip: the three barcode segments and the QR text."""
    codes = slip_codes(
        due=payment.due_on, item_code=ITEM_CODE, payment_no=payment.payment_no, amount=payment.amount
    )
    return {
        "payment_no": payment.payment_no,
        "amount": payment.amount,
        "due_on": payment.due_on.isoformat(),
        "status": payment.status,
        "barcodes": list(codes.segments),
        "qr": qr_content(
            case_no=case_no, payment_no=payment.payment_no, amount=payment.amount, due=payment.due_on
        ),
    }


@dataclass(frozen=True, slots=True)
class ImportResult:
    import_id: int
    applied: list[str]
    problems: list[Problem]


def import_settlement(session: Session, text: str, actor: str) -> ImportResult:
    """Mark the good lines' payments paid; list every other line. Raises SettlementFileError for a broken file."""
    settlement = parse(text)
    numbers = [r.payment_no for r in settlement.records]
    rows = session.scalars(select(Payment).where(Payment.payment_no.in_(numbers))).all() if numbers else []
    by_no = {p.payment_no: p for p in rows}
    result = reconcile(settlement.records, {n: Due(p.amount, p.status == "paid") for n, p in by_no.items()})
    problems = [*settlement.problems, *result.problems]
    log = SettlementImport(
        at=now_ms(),
        actor=actor,
        collector=settlement.collector,
        settled_on=settlement.settled_on,
        applied=len(result.to_apply),
        problems=[{"line": p.line_no, "text": p.text, "reason": p.reason} for p in problems],
    )
    session.add(log)
    session.flush()
    for record in result.to_apply:
        payment = by_no[record.payment_no]
        payment.status = "paid"
        payment.paid_at = int(record.paid_at.replace(tzinfo=TAIPEI).timestamp() * 1000)
        payment.store = record.store
        payment.settlement_id = log.id
    audit(
        session,
        actor,
        "settlement.import",
        f"settlement:{log.id}",
        {"applied": [r.payment_no for r in result.to_apply], "problems": len(problems)},
    )
    return ImportResult(
        log.id, [r.payment_no for r in result.to_apply], sorted(problems, key=lambda p: p.line_no)
    )


__all__ = ["ITEM_CODE", "MAX_AMOUNT", "ImportResult", "create_payments", "import_settlement", "slip_data"]
