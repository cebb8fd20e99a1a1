"""``onestop dev ...``: developer tools (test PKI, card emulator); each tool adds itself in DEV_TOOLS."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

Subparsers = Any  # argparse's private _SubParsersAction


def _add_pki(dev: Subparsers) -> None:
    pki = dev.add_parser("pki", help="development PKI for card login")
    pki_sub = pki.add_subparsers(dest="pki_command", required=True, metavar="PKI_COMMAND")
    init = pki_sub.add_parser(
        "init",
        help="make a test root CA, issuing CA, citizen cards (valid, expired, revoked, unknown CA), CRL",
    )
    init.add_argument("dir", type=Path, help="directory to write (created)")
    init.add_argument("--force", action="store_true", help="overwrite a PKI already in DIR")
    init.set_defaults(func=_pki_init)


def _pki_init(args: argparse.Namespace) -> int:
    from onestop.dev.pki import CARD_LABELS, build_dev_pki, write_dev_pki

    target: Path = args.dir
    if target.exists() and not target.is_dir():
        print(f"onestop dev pki init: {target} exists and is not a directory", file=sys.stderr)
        return 2
    if (target / "trust-anchors.pem").exists() and not args.force:
        print(
            f"onestop dev pki init: {target} already holds a PKI; use --force to replace it", file=sys.stderr
        )
        return 2
    files = write_dev_pki(build_dev_pki(), target)
    print(f"trust anchors: {files['trust_anchors']}")
    print(f"CRL:           {files['crl']}")
    print(f"citizens:      {files['citizens']} (names, IDs and PINs: test data only)")
    for label, purpose in CARD_LABELS.items():
        print(f"card {label:<12} {target / 'cards' / (label + '.cert.der')}: {purpose}")
    return 0


def _add_card(dev: Subparsers) -> None:
    card = dev.add_parser("card", help="run the virtual citizen certificate card on a vpcd reader")
    card.add_argument("--cert", type=Path, required=True, help="card certificate (DER or PEM)")
    card.add_argument("--key", type=Path, required=True, help="its private key (unencrypted PEM)")
    card.add_argument("--pin", required=True, help="the card PIN (4-8 digits; test cards only)")
    card.add_argument("--port", type=int, help="TCP port of a vpcd reader slot in a running pcscd")
    card.add_argument("--host", default="127.0.0.1", help="host where pcscd's vpcd listens")
    card.add_argument("--aid", default=None, help="applet AID in hex (another AID = an unknown card)")
    card.add_argument(
        "--start-pcscd",
        action="store_true",
        help="use a slot of OneStop's shared pcscd (starting it if needed) instead of --port",
    )
    card.set_defaults(func=_card)


def _card(args: argparse.Namespace) -> int:
    from onestop.dev.card_applet import APPLET_AID, load_applet
    from onestop.dev.card_emulator import VirtualCard
    from onestop.dev.pcsc import PcscdError, PrivatePcscd

    try:
        aid = bytes.fromhex(args.aid) if args.aid else APPLET_AID
        applet = load_applet(str(args.cert), str(args.key), args.pin, aid)
    except (OSError, ValueError) as exc:
        print(f"onestop dev card: {exc}", file=sys.stderr)
        return 2
    if args.start_pcscd == (args.port is not None):
        print("onestop dev card: give either --port or --start-pcscd", file=sys.stderr)
        return 2
    if args.port is not None and not 1 <= args.port <= 65535:
        print("onestop dev card: --port must be 1..65535", file=sys.stderr)
        return 2
    pcscd = PrivatePcscd() if args.start_pcscd else None
    try:
        port = args.port
        if pcscd is not None:
            pcscd.start()
            port = pcscd.vpcd_port
            print(
                f"pcscd (pid {pcscd.pid}) reader {pcscd.reader_name!r}, vpcd port {port}, log {pcscd.log_path}"
            )
        card = VirtualCard(applet, port, args.host)
        signal.signal(signal.SIGTERM, lambda *_: card.remove())
        print(f"card inserted into the vpcd reader at {args.host}:{port}; Ctrl-C removes it")
        card.serve_forever()
    except (PcscdError, ConnectionError) as exc:
        print(f"onestop dev card: {exc}", file=sys.stderr)
        return 1
    finally:
        if pcscd is not None:
            pcscd.stop()
    return 0


#: Each function adds one tool under ``onestop dev``; add yours here (e.g. a keypad emulator).
DEV_TOOLS: list[Callable[[Subparsers], None]] = [_add_pki, _add_card]


def register(subparsers: Subparsers) -> None:
    dev = subparsers.add_parser("dev", help="developer tools: test PKI, card emulator")
    dev_sub = dev.add_subparsers(dest="dev_command", required=True, metavar="DEV_COMMAND")
    for add in DEV_TOOLS:
        add(dev_sub)
