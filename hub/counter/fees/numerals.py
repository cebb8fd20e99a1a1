"""Amounts in Chinese capital numerals (大寫數字) as receipts print them: 壹仟貳佰參拾元整."""

from __future__ import annotations

DIGITS = "零壹貳參肆伍陸柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "萬", "億")
MAX_AMOUNT = 999_999_999_999  # 玖仟玖佰玖拾玖億…: beyond any fee receipt


def _group(n: int) -> str:
    """0 < n < 10,000 in capitals, zeros inside the group written once (1005 → 壹仟零伍)."""
    out: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[digit] + SMALL_UNITS[power])
    return "".join(out)


def capital_amount(amount: int) -> str:
    """New Taiwan dollars in capitals ending 元整, e.g. 1230 → 壹仟貳佰參拾元整, 0 → 零元整.

    ValueError for a negative amount or one past MAX_AMOUNT (no receipt holds either)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"amount must be a whole number of dollars, not {amount!r}")
    if amount < 0 or amount > MAX_AMOUNT:
        raise ValueError(f"amount {amount} is outside 0..{MAX_AMOUNT}")
    if amount == 0:
        return "零元整"
    groups = []
    n = amount
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    out = ""
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or group < 1000):
            out += "零"
        out += _group(group) + BIG_UNITS[index]
        need_zero = False
    return out + "元整"
