"""Fees as pure rules: dated fee items, priced receipt lines, payment methods, and the daily close's sums.

No ORM, no web. Seed 002 asks that every counter take fees and print receipts on blank A5 (002:2331-2337),
quickly and exactly (002:4232 「快速精確核算應收繳規費」), and that fee items follow law changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from hub.counter.calc.cite import s002

SEED_EVERY_COUNTER = s002(2331, "行政作業成本。改善規費系統使每個戶政櫃檯皆可各獨立收取規")
SEED_BLANK_A5 = s002(2337, "單位會商研議，改採以A5空白紙為規費紙張，於需要時自行採購，")
SEED_EXACT = s002(4232, "(3)每個櫃檯都可以收規費並開立收據，快速精確核算應收繳規費，")

MAX_QUANTITY = 99
MAX_LINES = 20
METHODS: Mapping[str, tuple[str, str]] = {
    "cash": ("現金", "Cash"),
    "card": ("信用卡", "Card"),
    "mobile": ("行動支付", "Mobile payment"),
    "transfer": ("轉帳", "Bank transfer"),
}
#: Channels whose money reaches the books without a counter receipt (posted from their own records).
CHANNELS: Mapping[str, tuple[str, str]] = {
    "counter": ("櫃檯", "Counter"),
    "store": ("超商代收", "Convenience store"),
    "kiosk": ("自助機", "Kiosk"),
}


class FeeError(ValueError):
    """Bad fee input; ``field`` names the form field, the message says what to do (zh-TW, then English)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Rate:
    since: date
    amount: int


@dataclass(frozen=True, slots=True)
class FeeItem:
    code: str
    zh: str
    en: str
    unit: str
    rates: tuple[Rate, ...]

    def amount_on(self, day: date) -> int:
        """The amount in force on ``day``: the newest rate whose ``since`` is on or before it."""
        current = [r for r in self.rates if r.since <= day]
        if not current:
            raise FeeError("items", f"{self.zh} 於 {day} 尚未訂有收費標準。 {self.code} has no amount before "
                                    f"{self.rates[0].since}")  # fmt: skip
        return current[-1].amount


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    items: Mapping[str, FeeItem] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> FeeSchedule:
        items: dict[str, FeeItem] = {}
        for n, raw in enumerate(data.get("items") or [], 1):
            where = f"item {n}"
            try:
                code = str(raw["code"])
                rates = tuple(
                    Rate(_day(r["since"], where), _amount(r["amount"], where)) for r in raw["rates"]
                )
                item = FeeItem(code, str(raw["zh"]), str(raw["en"]), str(raw["unit"]), rates)
            except (KeyError, TypeError) as exc:
                raise ValueError(f"fee items: {where} lacks {exc}") from None
            if not rates:
                raise ValueError(f"fee items: {code} has no rate")
            if list(rates) != sorted(rates, key=lambda r: r.since) or len({r.since for r in rates}) != len(
                rates
            ):
                raise ValueError(f"fee items: {code}'s rates must have distinct dates in order")
            if code in items:
                raise ValueError(f"fee items: {code} appears twice")
            items[code] = item
        return cls(items)

    @classmethod
    def load(cls, path: Path) -> FeeSchedule:
        return cls.from_mapping(yaml.safe_load(path.read_text(encoding="utf-8")) or {})

    def item(self, code: str) -> FeeItem:
        try:
            return self.items[code]
        except KeyError:
            raise FeeError("items", f"沒有「{code}」這個規費項目。 unknown fee item {code!r}") from None


def _day(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"fee items: {where} has a bad date {value!r}") from None


def _amount(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"fee items: {where} needs a whole amount ≥ 0, not {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Line:
    code: str
    name: str
    unit: str
    unit_amount: int
    quantity: int

    @property
    def amount(self) -> int:
        return self.unit_amount * self.quantity


def quantity(raw: object, code: str) -> int:
    """A quantity from a form or JSON: a whole number 1..MAX_QUANTITY, or FeeError naming the item."""
    text = str(raw).strip()
    if isinstance(raw, bool) or not text.lstrip("-").isdigit():
        raise FeeError(f"quantity.{code}", f"數量須為整數。 quantity of {code} must be a whole number")
    value = int(text)
    if not 1 <= value <= MAX_QUANTITY:
        raise FeeError(f"quantity.{code}", f"數量須在 1 至 {MAX_QUANTITY} 之間。 quantity of {code} must be "
                                           f"1..{MAX_QUANTITY}, not {value}")  # fmt: skip
    return value


def price(schedule: FeeSchedule, picks: Iterable[tuple[str, object]], day: date) -> tuple[Line, ...]:
    """Receipt lines for (item code, quantity) picks at ``day``'s amounts; the same item twice is one line."""
    merged: dict[str, int] = {}
    for code, raw in picks:
        item = schedule.item(code)
        merged[item.code] = merged.get(item.code, 0) + quantity(raw, item.code)
        if merged[item.code] > MAX_QUANTITY:
            raise FeeError(
                f"quantity.{code}", f"數量合計超過 {MAX_QUANTITY}。 more than {MAX_QUANTITY} of {code}"
            )
    if not merged:
        raise FeeError("items", "請至少選一個規費項目。 pick at least one fee item")
    if len(merged) > MAX_LINES:
        raise FeeError("items", f"一張收據最多 {MAX_LINES} 項。 at most {MAX_LINES} items on a receipt")
    lines = []
    for code, qty in merged.items():
        item = schedule.items[code]
        lines.append(Line(code, item.zh, item.unit, item.amount_on(day), qty))
    return tuple(lines)


def method(raw: str) -> str:
    if raw not in METHODS:
        raise FeeError("method", f"請選擇收款方式（{'、'.join(m[0] for m in METHODS.values())}）。 "
                                 f"method must be one of {', '.join(METHODS)}")  # fmt: skip
    return raw


# -- the daily close ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Entry:
    """One posting in the day's books: a counter receipt, a void of one, or money from another channel."""

    channel: str  # counter | store | kiosk
    method: str
    amount: int  # negative for a void
    items: Sequence[tuple[str, int, int]]  # (code, quantity, amount); negated for a void
    void: bool = False


@dataclass(frozen=True, slots=True)
class DaySums:
    receipts: int
    voids: int
    total: int
    by_method: Mapping[str, int]
    by_item: Mapping[str, tuple[int, int]]  # code → (quantity, amount)
    by_channel: Mapping[str, int]

    @property
    def cash(self) -> int:
        return self.by_method.get("cash", 0)


def day_sums(entries: Iterable[Entry]) -> DaySums:
    by_method: dict[str, int] = {}
    by_item: dict[str, tuple[int, int]] = {}
    by_channel: dict[str, int] = {}
    receipts = voids = total = 0
    for e in entries:
        if e.void:
            voids += 1
        elif e.channel == "counter":
            receipts += 1
        total += e.amount
        by_method[e.method] = by_method.get(e.method, 0) + e.amount
        by_channel[e.channel] = by_channel.get(e.channel, 0) + e.amount
        for code, qty, amount in e.items:
            q, a = by_item.get(code, (0, 0))
            by_item[code] = (q + qty, a + amount)
    return DaySums(receipts, voids, total, by_method, by_item, by_channel)


def cash_difference(sums: DaySums, counted: int) -> int:
    """Counted cash minus the cash the books expect: positive is over, negative is short."""
    return counted - sums.cash
