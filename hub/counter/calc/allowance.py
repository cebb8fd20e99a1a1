"""Birth allowance (生育津貼): a parent registered in the city 180 days or more, birth registered within 6 months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import yaml

from hub.cases.calendar import WorkCalendar
from hub.counter.calc.cite import SEED_ALLOWANCE_RESIDENCE, SEED_ALLOWANCE_WINDOW
from hub.counter.calc.dates import both, parse_date
from hub.counter.calc.errors import CalcError
from hub.counter.calc.periods import PeriodUnit, deadline
from hub.counter.calc.reasoning import Step


@dataclass(frozen=True, slots=True)
class AmountRow:
    since: date
    per_child: int


@dataclass(frozen=True, slots=True)
class AllowanceTable:
    city_zh: str
    city_en: str
    residence_days: int
    within_months: int
    amounts: tuple[AmountRow, ...]  # ascending by ``since``

    def per_child_on(self, birth: date) -> int:
        found = [row for row in self.amounts if row.since <= birth]
        if not found:
            raise CalcError(
                "birth",
                f"津貼金額表沒有涵蓋出生日 {both(birth)} 的金額。",
                f"the allowance table has no amount for a birth on {birth}",
            )
        return found[-1].per_child


def table_from_mapping(data: Any) -> AllowanceTable:
    """Validate a table read from YAML; CalcError naming the bad key."""
    if not isinstance(data, dict):
        raise CalcError("table", "津貼金額表格式錯誤。", "the allowance table must be a mapping")
    try:
        rows = tuple(
            sorted(
                (
                    AmountRow(parse_date(str(r["from"]), "table.amounts.from"), int(r["per_child"]))
                    for r in data["amounts"]
                ),
                key=lambda r: r.since,
            )
        )
        table = AllowanceTable(
            str(data["city_zh"]),
            str(data["city_en"]),
            int(data["residence_days"]),
            int(data["within_months"]),
            rows,
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, CalcError):
            raise
        raise CalcError(
            "table", f"津貼金額表缺少或錯誤的欄位：{exc}", f"the allowance table is malformed: {exc}"
        ) from None
    if not rows or any(r.per_child <= 0 for r in rows):
        raise CalcError("table.amounts", "金額須為正整數。", "every amount must be a positive whole number")
    if table.residence_days < 1 or table.within_months < 1:
        raise CalcError(
            "table", "設籍日數與月數須為正整數。", "residence_days and within_months must be positive"
        )
    return table


def load_allowance_table(name: str = "allowance_taichung.yaml") -> AllowanceTable:
    text = resources.files("hub.counter.calc").joinpath(name).read_text(encoding="utf-8")
    return table_from_mapping(yaml.safe_load(text))


@dataclass(frozen=True, slots=True)
class AllowanceResult:
    eligible: bool
    amount: int
    children: int
    register_by: date
    reasons_zh: tuple[str, ...]  # why not, when not eligible
    steps: tuple[Step, ...]


def birth_allowance(
    birth: date,
    registered_on: date,
    father_since: date | None,
    mother_since: date | None,
    today: date,
    work: WorkCalendar,
    table: AllowanceTable,
    children: int = 1,
) -> AllowanceResult:
    """Whether the birth allowance is due and how much; the reasons when it is not."""
    if birth > today:
        raise CalcError(
            "birth", f"出生日 {both(birth)} 晚於今天。", f"the birth date {birth} is after today ({today})"
        )
    if registered_on < birth:
        raise CalcError(
            "registered_on",
            f"出生登記日 {both(registered_on)} 早於出生日 {both(birth)}。",
            f"the birth registration {registered_on} is before the birth {birth}",
        )
    if registered_on > today:
        raise CalcError(
            "registered_on", "出生登記日晚於今天。", f"the birth registration {registered_on} is after today"
        )
    if father_since is None and mother_since is None:
        raise CalcError(
            "parents", "請輸入父或母的設籍日。", "enter the father's or the mother's registration date"
        )
    for field, since in (("father_since", father_since), ("mother_since", mother_since)):
        if since is not None and since > today:
            raise CalcError(field, "設籍日晚於今天。", f"{field} {since} is after today")
    if not 1 <= children <= 9:
        raise CalcError("children", "胎數須為 1 至 9。", "children must be 1 to 9")
    per_child = table.per_child_on(birth)
    steps = [
        Step.of(
            f"條件一：父或母設籍{table.city_zh} {table.residence_days} 天以上（算至出生日）。",
            f"Condition 1: the father or the mother registered in {table.city_en} {table.residence_days} days or more "
            "(counted to the birth day).",
            SEED_ALLOWANCE_RESIDENCE,
        )
    ]
    reasons: list[str] = []
    best = -1
    for who_zh, who_en, since in (("父", "father", father_since), ("母", "mother", mother_since)):
        if since is None:
            steps.append(
                Step.of(
                    f"{who_zh}：未設籍本市或未輸入。", f"{who_en}: not registered in the city / not given."
                )
            )
            continue
        days = (birth - since).days
        best = max(best, days)
        verdict = "達標" if days >= table.residence_days else f"不足 {table.residence_days - days} 天"
        steps.append(
            Step.of(
                f"{who_zh}：設籍日 {both(since)}，至出生日 {both(birth)} 共 {max(days, 0)} 天，{verdict}。",
                f"{who_en}: registered {since}, {max(days, 0)} days before the birth on {birth}"
                + (
                    " — enough."
                    if days >= table.residence_days
                    else f" — {table.residence_days - days} days short."
                ),
            )
        )
    if best < table.residence_days:
        reasons.append(f"父母設籍{table.city_zh}均未滿 {table.residence_days} 天")
    window = deadline(birth, table.within_months, PeriodUnit.MONTHS, work)
    steps.append(
        Step.of(
            f"條件二：於出生後 {table.within_months} 個月內辦理出生登記；期限末日為 {both(window.last_day)}。",
            f"Condition 2: the birth registered within {table.within_months} months; the last day is {window.last_day}.",
            SEED_ALLOWANCE_WINDOW,
        )
    )
    steps.extend(window.steps)
    in_time = registered_on <= window.last_day
    steps.append(
        Step.of(
            f"出生登記日 {both(registered_on)}：" + ("在期限內。" if in_time else "已逾期限。"),
            f"Registered on {registered_on}: " + ("in time." if in_time else "too late."),
        )
    )
    if not in_time:
        reasons.append(f"出生登記逾 {table.within_months} 個月（期限至 {both(window.last_day)}）")
    eligible = not reasons
    amount = per_child * children if eligible else 0
    if eligible:
        steps.append(
            Step.of(
                f"結論：符合，生育津貼 NT${per_child:,} × {children} 名 = NT${amount:,}。",
                f"Result: eligible, NT${per_child:,} × {children} = NT${amount:,}.",
            )
        )
    else:
        steps.append(Step.of("結論：不符合，原因：" + "；".join(reasons) + "。", "Result: not eligible."))
    return AllowanceResult(eligible, amount, children, window.last_day, tuple(reasons), tuple(steps))
