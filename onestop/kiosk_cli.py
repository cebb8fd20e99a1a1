"""``onestop kiosk run [--fake-agent]`` and ``onestop kiosk screenshots``; Kivy is imported only when one runs."""

from __future__ import annotations

import argparse
from typing import Any


def _run(args: argparse.Namespace) -> int:
    from kiosk.__main__ import main, settings_from

    if not args.fake_agent:
        return main(args)
    from dataclasses import replace

    from onestop.dev.fake_agent import FakeAgent
    from onestop.dev.fake_agent_http import FakeAgentServer

    server = FakeAgentServer(FakeAgent())
    try:
        settings = replace(settings_from(args), agent_url=server.start())
        print(f"fake agent at {settings.agent_url}", flush=True)
        return main(args, settings)
    finally:
        server.stop()


def _screenshots(args: argparse.Namespace) -> int:
    from onestop.screenshots.kiosk import main

    return main([str(args.out)])


def register(subparsers: Any) -> None:
    from pathlib import Path

    from kiosk.__main__ import build_parser

    kiosk = subparsers.add_parser("kiosk", help="the touch-screen kiosk app")
    sub = kiosk.add_subparsers(dest="kiosk_command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="run the kiosk window against the local agent")
    build_parser(run)
    run.add_argument(
        "--fake-agent", action="store_true", help="serve a built-in fake agent on loopback (try the UI alone)"
    )
    run.set_defaults(func=_run)
    shots = sub.add_parser("screenshots", help="write a PNG of every screen, both languages and sizes")
    shots.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots/kiosk"))
    shots.set_defaults(func=_screenshots)
