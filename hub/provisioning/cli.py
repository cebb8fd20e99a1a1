"""``onestop hub advertise`` (zeroconf announcement of the hub) and ``onestop hub broker-auth`` (rewrite files)."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from typing import Any


def register_cli(hub_sub: Any) -> None:
    adv = hub_sub.add_parser(
        "advertise",
        help="announce a hub over zeroconf until stopped: only for a hub whose own announcement cannot "
        "reach the LAN (a container on a bridge network); hub serve announces itself otherwise",
    )
    adv.add_argument(
        "--interface", action="append", help="IPv4 address to announce on (repeatable; default all)"
    )
    adv.add_argument("--ttl", type=int, default=30, help="record lifetime in seconds (default 30)")
    adv.add_argument("--id", help="the name to announce (default hub-<hostname>); unique on the network")
    adv.set_defaults(func=_advertise)

    auth = hub_sub.add_parser(
        "broker-auth",
        help="rewrite the broker's password file and ACL from the database and reload the broker",
    )
    auth.add_argument("--db", help="SQLAlchemy URL (default: env ONESTOP_HUB_DB_URL)")
    auth.set_defaults(func=_broker_auth)


def _settings(db: str | None = None) -> Any:
    from hub.core.config import SettingsError, load_settings

    try:
        return load_settings(db_url=db)
    except SettingsError as exc:
        print(f"onestop hub: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _advertise(args: argparse.Namespace) -> int:
    import signal

    from discovery import Advertiser, hostname_id
    from wire import check_device_id
    from wire.onboarding import Advertisement, Role

    settings = _settings()
    name = args.id or f"hub-{hostname_id()}"[:63]
    try:
        check_device_id(name)
    except ValueError as exc:
        print(f"onestop hub advertise: --id: {exc}", file=sys.stderr)
        return 2
    ad = Advertisement(Role.HUB, name, "hub", "1", 0, True, mqtt_port=settings.broker.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Advertiser(ad, settings.http_port, interfaces=args.interface, ttl=args.ttl) as advertiser:
        print(
            f"advertising {ad.id} (HTTP {settings.http_port}, MQTT {ad.mqtt_port}) on "
            f"{', '.join(advertiser.addresses)}; Ctrl-C stops",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    print("goodbye sent", flush=True)
    return 0


def _broker_auth(args: argparse.Namespace) -> int:
    from hub.db.session import make_engine, make_session_factory
    from hub.provisioning import service
    from hub.provisioning.api import context_from_settings

    settings = _settings(args.db)
    if not settings.mosquitto_password_file:
        print(
            "onestop hub broker-auth: set ONESTOP_HUB_MOSQUITTO_PASSWORD_FILE and _ACL_FILE first",
            file=sys.stderr,
        )
        return 2
    ctx = context_from_settings(settings)
    sessions = make_session_factory(make_engine(settings.db_url))
    with sessions() as session, session.begin():
        count = service.write_broker_files(session, ctx)
    print(f"wrote {settings.mosquitto_password_file} and {settings.mosquitto_acl_file}: {count} devices")
    return 0
