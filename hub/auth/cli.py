"""``onestop hub serve --trust-anchors FILE --crl FILE``: card-login options added to the core's serve command.

The options become the settings ``trust_anchors`` and ``crl`` (env ONESTOP_HUB_TRUST_ANCHORS /
ONESTOP_HUB_CRL); the files are checked before the hub starts, so a bad file stops it with a clear message.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any


def register_cli(hub_subparsers: Any) -> None:
    serve = hub_subparsers.choices.get("serve")
    if serve is None:
        return
    serve.add_argument(
        "--trust-anchors",
        metavar="FILE",
        help="PEM file of the root and issuing CAs of citizen cards (enables card login)",
    )
    serve.add_argument(
        "--crl", metavar="FILE", help="CRL file of the issuing CAs (required with --trust-anchors)"
    )
    serve.add_argument("--ocsp-url", metavar="URL", help="OCSP responder asked before the CRL (optional)")
    original: Callable[[argparse.Namespace], int] = serve.get_default("func")

    def serve_with_card_login(args: argparse.Namespace) -> int:
        for option, env in (("trust_anchors", "ONESTOP_HUB_TRUST_ANCHORS"), ("crl", "ONESTOP_HUB_CRL")):
            value = getattr(args, option, None)
            if value:
                os.environ[env] = os.path.abspath(value)
        if getattr(args, "ocsp_url", None):
            os.environ["ONESTOP_HUB_OCSP_URL"] = args.ocsp_url
        problem = check_card_login_files()
        if problem:
            print(f"onestop hub serve: {problem}", file=sys.stderr)
            return 2
        return original(args)

    serve.set_defaults(func=serve_with_card_login)


def check_card_login_files() -> str | None:
    """None if card login is off or its files are good; else what is wrong, naming the file."""
    from hub.auth.revocation import RevocationError
    from hub.auth.runtime import AuthRuntime
    from hub.auth.trust import TrustConfigError
    from hub.core.config import SettingsError, load_settings

    try:
        AuthRuntime(load_settings())
    except (
        SettingsError,
        TrustConfigError,
        RevocationError,
        ValueError,
        OSError,
    ) as exc:  # all say what to fix
        return str(exc)
    return None
