"""``onestop calc conception/residence/allowance/deadline``: the counter calculators on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any


def register(subparsers: Any) -> None:
    calc = subparsers.add_parser(
        "calc",
        help="counter calculators: conception period, naturalisation residence, birth allowance, deadlines",
        description="Dates in as ISO (2024-02-29) or ROC (113-02-29, 民國113年2月29日); out as ISO with ROC.",
    )
    sub = calc.add_subparsers(dest="calc", required=True, metavar="CALCULATOR")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print the result and its reasoning as JSON")
        p.add_argument("--today", help="today's date (default: the system date); dates after it are refused")

    p = sub.add_parser("conception", help="受胎期間: 181st-302nd day before the birth (Civil Code art. 1062)")
    p.add_argument("birth", help="birth date")
    common(p)
    p.set_defaults(func=_run, kind="conception")

    p = sub.add_parser("residence", help="居留期間: days present per year, 183 a year for 3 or 5 years")
    p.add_argument(
        "--stay",
        action="append",
        required=True,
        metavar="ENTRY[,EXIT]",
        help="a stay in Taiwan: entry date, comma, exit date (no exit: still here); repeat for each trip",
    )
    p.add_argument("--applicant", choices=["foreign_spouse", "other"], default="foreign_spouse")
    p.add_argument(
        "--as-of", dest="as_of", help="application date the years count back from (default: today)"
    )
    p.add_argument("--basis", choices=["anniversary", "calendar"], default="anniversary")
    common(p)
    p.set_defaults(func=_run, kind="residence")

    p = sub.add_parser(
        "allowance", help="生育津貼: parent registered 180+ days, birth registered within 6 months"
    )
    p.add_argument("--birth", required=True)
    p.add_argument("--registered", required=True, help="date the birth was registered")
    p.add_argument("--father-since", dest="father_since", help="father registered in the city since")
    p.add_argument("--mother-since", dest="mother_since", help="mother registered in the city since")
    p.add_argument("--children", type=int, default=1, help="babies born (multiple births)")
    common(p)
    p.set_defaults(func=_run, kind="allowance")

    p = sub.add_parser("deadline", help="legal deadline: N days or N months (Civil Code arts. 120-123)")
    p.add_argument("event", help="the event date (not counted)")
    p.add_argument("amount", type=int)
    p.add_argument("unit", choices=["days", "months"])
    common(p)
    p.set_defaults(func=_run, kind="deadline")


def compute(kind: str, args: argparse.Namespace) -> Any:
    """Run one calculator on parsed arguments; raises CalcError naming the bad field."""
    from hub.cases.calendar import taiwan_calendar
    from hub.counter import calc

    today = calc.parse_date(args.today, "today") if args.today else date.today()

    def opt(text: str | None, field: str) -> date | None:
        return calc.parse_date(text, field) if text else None

    if kind == "conception":
        return calc.conception_period(calc.parse_date(args.birth, "birth"), today)
    if kind == "deadline":
        return calc.deadline(
            calc.parse_date(args.event, "event"), args.amount, calc.PeriodUnit(args.unit), taiwan_calendar()
        )
    if kind == "allowance":
        return calc.birth_allowance(
            calc.parse_date(args.birth, "birth"),
            calc.parse_date(args.registered, "registered_on"),
            opt(args.father_since, "father_since"),
            opt(args.mother_since, "mother_since"),
            today,
            taiwan_calendar(),
            calc.load_allowance_table(),
            args.children,
        )
    stays = []
    for i, text in enumerate(args.stay):
        entry, _, exit_ = text.partition(",")
        stays.append(
            calc.Stay(
                calc.parse_date(entry, f"stays[{i}].entry"), opt(exit_.strip() or None, f"stays[{i}].exit")
            )
        )
    as_of = opt(args.as_of, "as_of") or today
    return calc.residence_check(stays, calc.Applicant(args.applicant), as_of, today, calc.Basis(args.basis))


def _run(args: argparse.Namespace) -> int:
    from hub.counter.calc import CalcError
    from hub.counter.calc.reasoning import plain

    try:
        result = compute(args.kind, args)
    except CalcError as exc:
        if args.json:
            print(json.dumps({"error": exc.as_dict()}, ensure_ascii=False))
        print(f"error: {exc.field}: {exc.message_zh} / {exc.message_en}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(plain(result), ensure_ascii=False, indent=2))
        return 0
    for step in result.steps:
        print(step.zh)
        print(f"  {step.en}")
    return 0
