"""Which fine rule applies (old or new, by event date; Administrative Penalty Act art. 5) and the amount (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.counter.calc.cite import SEED_FINE_OLD_NEW, Cite
from hub.counter.calc.dates import both, parse_date
from hub.counter.calc.errors import CalcError


@dataclass(frozen=True, slots=True)
class FineRule:
    since: date
    basis: str
    late: int
    reminded: int
    pay_within: int


@dataclass(frozen=True, slots=True)
class FineDecision:
    amount: int
    rule: FineRule
    event_rule: FineRule
    decision_rule: FineRule
    explanation_zh: str
    cite: Cite


def rules_from_mapping(data: Any) -> tuple[FineRule, ...]:
    try:
        rows = tuple(
            FineRule(
                parse_date(str(r["from"]), "rules.from"),
                str(r["basis"]),
                int(r["late"]),
                int(r["reminded"]),
                int(r["pay_within"]),
            )
            for r in data["rules"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, CalcError):
            raise
        raise CalcError(
            "fine_rules", f"罰鍰規則表格式錯誤：{exc}", f"the fine rule table is malformed: {exc}"
        ) from None
    if not rows:
        raise CalcError("fine_rules", "罰鍰規則表是空的。", "the fine rule table is empty")
    return tuple(sorted(rows, key=lambda r: r.since))


def rule_on(rules: tuple[FineRule, ...], day: date, field: str) -> FineRule:
    found = [r for r in rules if r.since <= day]
    if not found:
        raise CalcError(
            field,
            f"{both(day)} 早於罰鍰規則表的第一條規則（{both(rules[0].since)}），請先補上當時的規則。",
            f"{day} is before the first fine rule ({rules[0].since}); add the rule then in force",
        )
    return found[-1]


def decide_fine(rules: tuple[FineRule, ...], event: date, decided: date, reminded: bool) -> FineDecision:
    """The rule at the event (old) vs at the decision (new): the new one, unless the old is more favourable."""
    if event > decided:
        raise CalcError(
            "event_date", "事件發生日晚於裁處日。", f"the event date {event} is after the decision date"
        )
    old = rule_on(rules, event, "event_date")
    new = rule_on(rules, decided, "decided_on")

    def amount(rule: FineRule) -> int:
        return rule.reminded if reminded else rule.late

    if old == new:
        chosen, why = new, f"事件發生日 {both(event)} 與裁處時適用同一規則。"
    elif amount(old) < amount(new):
        chosen, why = (
            old,
            f"事件發生日適用之舊規則（{both(old.since)} 起）較有利於受處罰者，依行政罰法第5條但書適用舊規則。",
        )
    else:
        chosen, why = new, f"依行政罰法第5條適用裁處時之新規則（{both(new.since)} 起）。"
    return FineDecision(amount(chosen), chosen, old, new, why, SEED_FINE_OLD_NEW)
