"""The agencies' fines import file (docs/fines-import.md): CSV, UTF-8, one fine a row; parsing is pure.

All or nothing: a file with any bad row is refused as a whole, every bad row named with its line, field and
reason, so an agency never has to work out which half of its file was taken.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from hub.fines.rules import InvalidKey, normalise_key, payer_kind
from wire.payloads.fines import FineKey

COLUMNS = (
    "fine_no", "issued_on", "agency", "decision_no", "rule", "amount", "due_on", "payer_id", "payer_name",
    "status",
)  # fmt: skip
REQUIRED = COLUMNS[:-1]
STATUSES = ("due", "cancelled")  # paid comes only from the settlement import
MAX_ROWS = 50_000
MAX_AMOUNT = 100_000_000
_ROC = re.compile(r"^(\d{2,3})[/.-](\d{1,2})[/.-](\d{1,2})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class FineRow:
    """One good row. ``payer_id`` is the clear ID/business number: the service hashes and masks it at once."""

    line_no: int
    fine_no: str
    issued_on: date
    agency: str
    decision_no: str
    rule: str
    amount: int
    due_on: date
    payer_id: str
    payer_kind: FineKey
    payer_name: str
    status: str


@dataclass(frozen=True, slots=True)
class RowProblem:
    line_no: int
    field: str
    reason: str


class ImportRefused(ValueError):
    """The file is refused as a whole; ``problems`` names every bad row (line, field, reason)."""

    def __init__(self, problems: list[RowProblem]) -> None:
        first = problems[0]
        super().__init__(
            f"nothing imported: {len(problems)} problem(s), first at line {first.line_no} "
            f"({first.field}): {first.reason}"
        )
        self.problems = problems


def parse_date(text: str) -> date:
    """ISO 2026-03-01 or ROC 115/03/01 (or 98/07/02, as the seed prints dates)."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = _ROC.fullmatch(text)
        if match is None:
            raise ValueError
        return date(int(match[1]) + 1911, int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError("must be a date: 2026-03-01 or ROC 115/03/01") from None


def _text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is empty")
    if len(value) > limit:
        raise ValueError(f"is longer than {limit} characters")
    return value


def _row(line_no: int, raw: dict[str, str]) -> FineRow:
    field = "fine_no"
    try:
        fine_no = normalise_key(FineKey.FINE_NO, raw["fine_no"])
        field = "issued_on"
        issued = parse_date(raw["issued_on"])
        field = "agency"
        agency = _text(raw["agency"], field, 60)
        field = "decision_no"
        decision = _text(raw["decision_no"], field, 40)
        field = "rule"
        rule = _text(raw["rule"], field, 200)
        field = "amount"
        amount_text = raw["amount"].strip().replace(",", "")
        if not amount_text.isdigit() or not 1 <= int(amount_text) <= MAX_AMOUNT:
            raise ValueError(f"must be a whole number of NT dollars from 1 to {MAX_AMOUNT:,}")
        field = "due_on"
        due = parse_date(raw["due_on"])
        if due < issued:
            raise ValueError("is before issued_on")
        field = "payer_id"
        payer = raw["payer_id"].strip().upper()
        kind = payer_kind(payer)
        field = "payer_name"
        name = _text(raw["payer_name"], field, 60)
        field = "status"
        status = (raw.get("status") or "due").strip() or "due"
        if status not in STATUSES:
            raise ValueError(f"must be one of {', '.join(STATUSES)} (paid comes from the settlement import)")
    except InvalidKey as exc:
        raise _Bad(line_no, field, exc.en) from None
    except ValueError as exc:
        raise _Bad(line_no, field, str(exc)) from None
    return FineRow(
        line_no, fine_no, issued, agency, decision, rule, int(amount_text), due, payer, kind, name, status
    )


class _Bad(Exception):
    def __init__(self, line_no: int, field: str, reason: str) -> None:
        super().__init__(reason)
        self.problem = RowProblem(line_no, field, reason)


def parse(text: str) -> list[FineRow]:
    """Every row, or ImportRefused listing every bad one (and a repeated fine number) with its line."""
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ImportRefused([RowProblem(line, "file", "control character: this is not a CSV text file")])
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        reason = (f"missing column(s) {', '.join(missing)}; " if missing else "") + (
            f"unknown column(s) {', '.join(unknown)}; " if unknown else ""
        )
        raise ImportRefused([RowProblem(1, "header", reason + f"the header is {','.join(COLUMNS)}")])
    reader.fieldnames = header
    rows: list[FineRow] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line_no = reader.line_num
        if None in raw or any(v is None for v in raw.values()):
            problems.append(RowProblem(line_no, "row", f"must have {len(header)} fields like the header"))
            continue
        if not any(v.strip() for v in raw.values()):
            continue
        try:
            row = _row(line_no, raw)
        except _Bad as exc:
            problems.append(exc.problem)
            continue
        if row.fine_no in seen:
            problems.append(RowProblem(line_no, "fine_no", f"repeats line {seen[row.fine_no]}"))
            continue
        seen[row.fine_no] = line_no
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportRefused([RowProblem(line_no, "file", f"more than {MAX_ROWS:,} rows; split the file")])
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([RowProblem(1, "file", "has no fines")])
    return rows
