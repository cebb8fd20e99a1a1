"""``onestop hub ratings office|counter|list``: set up offices (supervisor's desk buzzer) and counters (keypad
host, staff on duty) from the command line, e.g. when installing keypads."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register_cli(hub_subparsers: Any) -> None:
    ratings = hub_subparsers.add_parser("ratings", help="counter rating keypads: offices and counters")
    sub = ratings.add_subparsers(dest="ratings_command", required=True, metavar="ACTION")
    office = sub.add_parser("office", help="add or change an office and its supervisor's desk buzzer")
    office.add_argument("site", help="site id, e.g. tpe-xinyi")
    office.add_argument("--name", required=True, help="the office's name, e.g. 信義區戶政事務所")
    office.add_argument("--buzzer", metavar="DEVICE/COUNTER", help="the desk buzzer keypad, e.g. sup-pc/sup")
    counter = sub.add_parser("counter", help="add or change a counter with a keypad")
    counter.add_argument("site")
    counter.add_argument("counter", help="the keypad's counter id, e.g. c01")
    counter.add_argument("--device", required=True, help="the agent hosting the keypad, e.g. counter-pc-01")
    counter.add_argument("--name", required=True, help="shown on the dashboard, e.g. 1號櫃檯")
    counter.add_argument(
        "--staff", help="staff account on duty there (their closed cases prompt this keypad)"
    )
    sub.add_parser("list", help="list offices and counters")
    for parser in (office, counter, sub.choices["list"]):
        parser.add_argument(
            "--db-url", help="database URL (default: ONESTOP_HUB_DB_URL or the hub's default)"
        )
        parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from hub.core.config import SettingsError, load_settings
    from hub.db.migrate import upgrade
    from hub.db.session import make_engine, make_session_factory
    from hub.ratings import service
    from hub.ratings.models import RatingCounter, RatingOffice

    try:
        settings = load_settings(db_url=args.db_url)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    engine = make_engine(settings.db_url)
    try:
        upgrade(engine)
        with make_session_factory(engine)() as session, session.begin():
            if args.ratings_command == "office":
                device, counter = _buzzer(args.buzzer)
                service.configure_office(session, args.site, args.name, device, counter)
                print(f"office {args.site} saved" + (f"; desk buzzer {args.buzzer}" if args.buzzer else ""))
            elif args.ratings_command == "counter":
                service.configure_counter(
                    session, args.site, args.counter, args.device, args.name, args.staff
                )
                print(f"counter {args.site}/{args.counter} saved (keypad on {args.device})")
            else:
                for o in session.scalars(select(RatingOffice).order_by(RatingOffice.site)):
                    buzzer = f"{o.buzzer_device}/{o.buzzer_counter}" if o.buzzer_device else "no desk buzzer"
                    print(f"{o.site}  {o.name}  ({buzzer})")
                    for c in session.scalars(select(RatingCounter).where(RatingCounter.site == o.site)):
                        print(f"  {c.counter}  {c.name}  keypad on {c.device}  staff {c.staff or '-'}")
    except service.RatingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def _buzzer(text: str | None) -> tuple[str | None, str | None]:
    if text is None:
        return None, None
    device, sep, counter = text.partition("/")
    if not sep or not device or not counter:
        from hub.ratings.service import RatingsError

        raise RatingsError(f"--buzzer {text!r} must be DEVICE/COUNTER, e.g. sup-pc/sup")
    return device, counter
