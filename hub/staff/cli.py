"""``onestop hub user add NAME --role ROLE``: make a staff account and print its login token once."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register_cli(hub_subparsers: Any) -> None:
    user = hub_subparsers.add_parser("user", help="staff accounts")
    sub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add a staff account and print its login token")
    add.add_argument("name", help="login name, e.g. chen.counter")
    add.add_argument(
        "--role",
        required=True,
        choices=["counter", "supervisor", "operator", "technician"],
        help="what they may do",
    )
    add.add_argument("--display-name", help="name shown on the pages (default: the login name)")
    add.add_argument("--agency", help="the agency they work for (filters their case list)")
    add.add_argument("--db-url", help="database URL (default: ONESTOP_HUB_DB_URL or the hub's default)")
    add.set_defaults(func=_add)


def _add(args: argparse.Namespace) -> int:
    from hub.core.config import SettingsError, load_settings
    from hub.db.migrate import upgrade
    from hub.db.session import make_engine, make_session_factory
    from hub.staff.accounts import AccountError, create_user

    try:
        settings = load_settings(db_url=args.db_url)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    engine = make_engine(settings.db_url)
    try:
        upgrade(engine)
        with make_session_factory(engine)() as session, session.begin():
            token = create_user(session, args.name, args.role, args.display_name, args.agency)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"user {args.name} ({args.role}) added. Login token (shown once, keep it secret):")
    print(token)
    return 0
