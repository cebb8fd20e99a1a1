"""The ``onestop`` command: one entry point, its subcommands contributed by each app.

Each module named in COMMAND_GROUPS has ``register(subparsers)``, which adds its subcommands and sets
``func`` on each; it must import nothing heavy at module level so ``onestop --help`` stays fast.
"""

import argparse
import importlib
import logging
import sys

COMMAND_GROUPS = (
    "hub.cli",  # onestop hub serve | stats | ...
    "edge_agent.cli",  # onestop agent run; onestop simulate fleet
    "onestop.demo",  # onestop demo
    "onestop.dev.cli",  # onestop dev pki init | card | ...
    "firmware_config.cli",  # onestop config validate PATH...
    "onestop.ctl.cli",  # onestop ctl discover | provision | config | fleet | command (technicians)
    "onestop.kiosk_cli",  # onestop kiosk run | screenshots
    "onestop.calc_cli",  # onestop calc conception | residence | allowance | deadline (issue 14)
)


#: Groups whose full subcommand tree is costly to build (``hub`` imports every feature): built only
#: when that command is the one being run, so ``onestop --help`` and ``onestop agent run`` start fast;
#: and not for the group's ``LIGHT_COMMANDS`` (``onestop hub stats``: 0.5 s of CPU instead of 2.9 s).
DETAILED_ONLY_WHEN_RUN = {"hub.cli": "hub"}


def build_parser(command: str | None = None, subcommand: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onestop", description="OneStop citizen self-service kiosks, counter devices and their hub."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_GROUPS:
        module = importlib.import_module(name)
        if name in DETAILED_ONLY_WHEN_RUN:
            light = subcommand in getattr(module, "LIGHT_COMMANDS", ())
            module.register(sub, with_features=command == DETAILED_ONLY_WHEN_RUN[name] and not light)
        else:
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    words = [a for a in argv if not a.startswith("-")]
    args = build_parser(*words[:2]).parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:  # migrations narrate every step at INFO; a command's user needs only problems
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
