"""``onestop hub ...``: serve (migrations + MQTT consumer + HTTP in one process), stats, feature commands.

A hub feature module may define ``register_cli(hub_subparsers)`` to add ``onestop hub <cmd>``.
Heavy libraries are imported inside the handlers so ``onestop --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)

#: subcommands that need no feature imported (``onestop`` then skips building the features' commands)
LIGHT_COMMANDS = ("stats",)


def register(subparsers: Any, *, with_features: bool = True) -> None:
    """Add ``onestop hub``; feature subcommands need every feature imported, so only when asked."""
    hub = subparsers.add_parser("hub", help="the central hub: serve, stats and feature commands")
    hub_sub = hub.add_subparsers(dest="hub_command", required=True, metavar="HUB_COMMAND")

    serve = hub_sub.add_parser(
        "serve", help="run migrations, the MQTT consumer and the HTTP API in one process (Ctrl-C stops)"
    )
    serve.add_argument(
        "--db", help="SQLAlchemy URL (default: env ONESTOP_HUB_DB_URL or sqlite:///var/hub.db)"
    )
    serve.add_argument(
        "--broker", help="mqtt://[user[:password]@]host:port (default: env ONESTOP_HUB_BROKER_URL)"
    )
    serve.add_argument(
        "--http", metavar="HOST:PORT", help="where the HTTP API listens (default 127.0.0.1:8000)"
    )
    serve.add_argument("--instance", help="this hub's id; names its persistent MQTT session (default hub-1)")
    serve.add_argument(
        "--shared",
        action="store_true",
        default=None,
        help="join the shared subscription so several hub processes split the load",
    )
    serve.add_argument(
        "--amqp",
        metavar="URLS",
        help="RabbitMQ cluster: consume as competing AMQP consumers, e.g. amqp://u:p@node1:5672/%%2F,amqp://... "
        "(docs/scaling.md)",
    )
    serve.add_argument("--mqtt-protocol", choices=["3.1.1", "5"], help="MQTT protocol level (default 3.1.1)")
    serve.set_defaults(func=_serve)

    stats = hub_sub.add_parser("stats", help="counts of stored events, devices, dead letters, gaps, commands")
    stats.add_argument("--db", help="SQLAlchemy URL (default: env ONESTOP_HUB_DB_URL)")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(func=_stats)

    if with_features:
        _register_features(hub_sub)


def _register_features(hub_sub: Any) -> None:
    import importlib

    from hub.features import FEATURES

    for name in FEATURES:
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # one broken feature must not take the whole command line down
            print(
                f"onestop: hub feature {name} failed to load ({exc}); its commands are missing",
                file=sys.stderr,
            )
            continue
        register_cli = getattr(module, "register_cli", None)
        if register_cli is not None:
            register_cli(hub_sub)


def _settings(args: argparse.Namespace, **extra: Any) -> Any:
    from hub.core.config import SettingsError, load_settings

    try:
        return load_settings(db_url=getattr(args, "db", None), **extra)
    except SettingsError as exc:
        print(f"onestop hub: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _serve(args: argparse.Namespace) -> int:
    from hub.core.config import parse_http_address

    http: dict[str, Any] = {}
    if args.http:
        try:
            http["http_host"], http["http_port"] = parse_http_address(args.http)
        except ValueError as exc:
            print(f"onestop hub serve: --http: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
    settings = _settings(
        args,
        broker_url=args.broker,
        instance_id=args.instance,
        shared_subscription=args.shared,
        amqp_urls=args.amqp,
        mqtt_protocol=args.mqtt_protocol,
        **http,
    )
    from hub.serve import run

    return run(settings)


def _stats(args: argparse.Namespace) -> int:
    settings = _settings(args)
    from pathlib import Path

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    url = make_url(settings.db_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        print(f"onestop hub stats: no database file {url.database} (has the hub run yet?)", file=sys.stderr)
        return 1

    from hub.db.session import make_engine
    from hub.stats import collect

    engine = make_engine(settings.db_url)
    try:
        figures = collect(engine)
    except SQLAlchemyError as exc:
        print(
            f"onestop hub stats: cannot read {_safe_url(settings.db_url)}: {exc.__class__.__name__}: "
            f"{getattr(exc, 'orig', exc)}",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    else:
        for key, value in figures.items():
            print(f"{key:>16}  {value}")
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
