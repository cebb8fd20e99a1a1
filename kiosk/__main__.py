"""``python -m kiosk``: run the kiosk window, or render one screenshot of its welcome screen and exit."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.settings import SIZES, KioskSettings


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="python -m kiosk", description=__doc__)
    parser.add_argument("--agent-url", default="http://127.0.0.1:8470", help="the local edge agent's API")
    parser.add_argument("--size", choices=sorted(SIZES), default="1280x800")
    parser.add_argument("--fullscreen", action="store_true")
    parser.add_argument("--lang", choices=["zh-TW", "en"], default="zh-TW")
    parser.add_argument(
        "--technician-code",
        default=os.environ.get("ONESTOP_KIOSK_TECH_CODE", ""),
        help="digits that open technician mode (default $ONESTOP_KIOSK_TECH_CODE; empty = disabled)",
    )
    parser.add_argument("--cache-dir", type=Path, help="where the public service catalogue is cached")
    parser.add_argument("--speech", action=argparse.BooleanOptionalAction, default=True,
                        help="spoken instructions and errors with espeak-ng (default: on)")  # fmt: skip
    parser.add_argument("--volume", type=int, choices=range(4), default=2,
                        help="speech volume level: 0 off, 1 low, 2 medium (default), 3 high")  # fmt: skip
    parser.add_argument("--screenshot", type=Path, help="render the welcome screen to this PNG and exit")
    return parser


def settings_from(args: argparse.Namespace) -> KioskSettings:
    """The kiosk's settings from the command line (validated once, here)."""
    return KioskSettings(
        agent_url=args.agent_url,
        size=SIZES[args.size],
        fullscreen=args.fullscreen,
        language=args.lang,
        technician_code=args.technician_code,
        cache_dir=args.cache_dir,
        speech=args.speech,
        volume=args.volume,
    )


def main(args: argparse.Namespace, settings: KioskSettings | None = None) -> int:
    """Run the window (or render one screenshot) with ``settings``, by default those of the command line."""
    settings = settings or settings_from(args)
    if args.screenshot:
        return _screenshot(settings, args.screenshot)
    from kiosk.app import configure_window

    configure_window(settings)
    from kiosk.app import KioskApp

    KioskApp(settings).run()
    return 0


def _screenshot(settings: KioskSettings, path: Path) -> int:
    from kiosk.headless import Xvfb

    xvfb = None
    if not os.environ.get("DISPLAY"):
        xvfb = Xvfb()
        os.environ["DISPLAY"] = xvfb.start()
    try:
        from kiosk.agent_client import HttpAgentClient
        from kiosk.driver import KioskDriver

        driver = KioskDriver.start(settings, HttpAgentClient(settings.agent_url))
        driver.wait(1.0)  # the card watcher has asked the agent once
        driver.screenshot(path)
        driver.app.stop()
        print(path, flush=True)
        return 0
    finally:
        if xvfb is not None:
            xvfb.stop()


if __name__ == "__main__":
    sys.exit(main(build_parser().parse_args()))
