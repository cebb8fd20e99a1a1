"""``onestop config validate PATH...``: check device files; exit 1 naming file, line and key of each problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    config = subparsers.add_parser("config", help="device configuration files (firmware_config)")
    sub = config.add_subparsers(dest="config_command", required=True, metavar="COMMAND")
    validate = sub.add_parser("validate", help="validate device YAML files (directories are searched)")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.set_defaults(func=_validate)


def _validate(args: argparse.Namespace) -> int:
    from firmware_config.validate import device_files, validate_file

    files: list[Path] = []
    for path in args.paths:
        files.extend(device_files(path) if path.is_dir() else [path])
    if not files:
        print("no device files found", file=sys.stderr)
        return 1
    failed = 0
    for file in files:
        _, problems = validate_file(file)
        if problems:
            failed += 1
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{file}: ok")
    return 1 if failed else 0
