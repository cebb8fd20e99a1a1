"""Convenience-store settlement files: a fixed-width format, its parser and reconciliation (pure).

The format is documented in docs/settlement-format.md. Parsing never applies anything: it returns the
well-formed payment records and a list of problems (line number, text, reason); ``reconcile`` then
splits the records into those to apply and those to report (unknown number, wrong amount, repeats).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

HEADER_LEN, DETAIL_LEN, TRAILER_LEN = 17, 46, 22
_HEADER = re.compile(r"^H(\d{8})([0-9A-Z ]{8})$")
_DETAIL = re.compile(r"^D([0-9A-Z]{16})(\d{9})(\d{12})([0-9A-Za-z ]{8})$")
_TRAILER = re.compile(r"^T(\d{7})(\d{14})$")


class SettlementFileError(ValueError):
    """The file as a whole cannot be trusted (no header, no trailer, totals disagree); nothing is applied."""


@dataclass(frozen=True, slots=True)
class Record:
    line_no: int
    payment_no: str
    amount: int
    paid_at: datetime
    store: str


@dataclass(frozen=True, slots=True)
class Problem:
    line_no: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Settlement:
    settled_on: date
    collector: str
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Due:
    """What the hub expects for a payment number."""

    amount: int
    paid: bool = False


@dataclass(frozen=True, slots=True)
class Reconciliation:
    to_apply: tuple[Record, ...]
    problems: tuple[Problem, ...] = field(default=())


def format_header(settled_on: date, collector: str) -> str:
    return f"H{settled_on:%Y%m%d}{collector.upper():<8.8}"


def format_detail(payment_no: str, amount: int, paid_at: datetime, store: str) -> str:
    return f"D{payment_no:<16.16}{amount:09d}{paid_at:%Y%m%d%H%M}{store:<8.8}"


def format_trailer(count: int, total: int) -> str:
    return f"T{count:07d}{total:014d}"


def _parse_detail(line_no: int, line: str) -> Record | Problem:
    text = line.ljust(DETAIL_LEN) if len(line) < DETAIL_LEN else line
    match = _DETAIL.fullmatch(text)
    if match is None:
        return Problem(
            line_no,
            line,
            f"detail line must be {DETAIL_LEN} characters: D, payment number (16), "
            "amount (9 digits), paid at YYYYMMDDHHMM (12), store (8)",
        )
    payment_no, amount, paid, store = match.groups()
    try:
        paid_at = datetime.strptime(paid, "%Y%m%d%H%M")
    except ValueError:
        return Problem(line_no, line, f"paid-at {paid} is not a valid date and time")
    if int(amount) == 0:
        return Problem(line_no, line, "amount is zero")
    return Record(line_no, payment_no, int(amount), paid_at, store.strip())


def parse(text: str) -> Settlement:
    """Parse a whole file; SettlementFileError if its frame (header/trailer/totals) is broken."""
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        bad_line = text.count("\n", 0, bad.start()) + 1
        raise SettlementFileError(
            f"line {bad_line}: control character {bad.group()!r}; this is not a settlement text file"
        )
    lines = [(i, raw.rstrip("\r")) for i, raw in enumerate(text.split("\n"), start=1)]
    lines = [(i, line) for i, line in lines if line.strip()]
    if not lines:
        raise SettlementFileError("the settlement file is empty")
    first_no, first = lines[0]
    header = _HEADER.fullmatch(first.ljust(HEADER_LEN))
    if header is None:
        raise SettlementFileError(f"line {first_no}: expected the header H + YYYYMMDD + collector (8)")
    try:
        settled_on = datetime.strptime(header.group(1), "%Y%m%d").date()
    except ValueError as exc:
        raise SettlementFileError(
            f"line {first_no}: settlement date {header.group(1)} is not a date"
        ) from exc
    last_no, last = lines[-1]
    trailer = _TRAILER.fullmatch(last)
    if trailer is None or len(lines) < 2:
        raise SettlementFileError(
            f"line {last_no}: expected the trailer T + count (7) + total (14); the file may be truncated"
        )
    records: list[Record] = []
    problems: list[Problem] = []
    for line_no, line in lines[1:-1]:
        if not line.startswith("D"):
            problems.append(Problem(line_no, line, "unknown record type (expected D)"))
            continue
        parsed = _parse_detail(line_no, line)
        (records if isinstance(parsed, Record) else problems).append(parsed)  # type: ignore[arg-type]
    detail_lines = sum(1 for _, line in lines[1:-1] if line.startswith("D"))
    count, total = int(trailer.group(1)), int(trailer.group(2))
    if count != detail_lines:
        raise SettlementFileError(
            f"trailer says {count} detail lines but the file has {detail_lines}; ask the collector to resend"
        )
    malformed = any(p.text.startswith("D") for p in problems)
    if not malformed and total != sum(r.amount for r in records):
        raise SettlementFileError(
            f"trailer total {total} differs from the sum of the detail lines "
            f"{sum(r.amount for r in records)}; ask the collector to resend"
        )
    return Settlement(settled_on, header.group(2).strip(), tuple(records), tuple(problems))


def reconcile(records: tuple[Record, ...] | list[Record], expected: Mapping[str, Due]) -> Reconciliation:
    """Which records may mark a payment paid; every other one is a problem with the reason."""
    to_apply: list[Record] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for rec in records:
        text = format_detail(rec.payment_no, rec.amount, rec.paid_at, rec.store)
        due = expected.get(rec.payment_no)
        if due is None:
            problems.append(Problem(rec.line_no, text, f"unknown payment number {rec.payment_no}"))
        elif rec.payment_no in seen:
            problems.append(Problem(rec.line_no, text, "payment number repeated in this file"))
        elif rec.amount != due.amount:
            problems.append(
                Problem(rec.line_no, text, f"amount NT${rec.amount} does not match the NT${due.amount} due")
            )
        elif due.paid:
            problems.append(Problem(rec.line_no, text, "already marked paid (imported before?)"))
        else:
            to_apply.append(rec)
        seen.add(rec.payment_no)
    return Reconciliation(tuple(to_apply), tuple(problems))
