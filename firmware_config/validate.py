"""Validate device files: load (packages, secrets, includes), check the schema, name file, line and key."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from firmware_config.loader import ConfigFileError, Located, load_device, where_is
from firmware_config.schema import DeviceFile, cross_checks


def _message(err: dict[str, object]) -> str:
    if err["type"] == "missing":
        return "is required but missing"
    if err["type"] == "extra_forbidden":
        return "is not a known setting (check its spelling)"
    return str(err["msg"]).removeprefix("Value error, ")


def validate_file(path: Path | str) -> tuple[DeviceFile | None, list[ConfigFileError]]:
    """The parsed device config and no problems, or None and every problem found."""
    path = Path(path)
    try:
        data = load_device(path)
    except ConfigFileError as exc:
        return None, [exc]
    try:
        config = DeviceFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            file, line = where_is(data, loc, path)
            problems.append(ConfigFileError(file, line, ".".join(str(p) for p in loc), _message(dict(err))))
        return None, problems
    problems = []
    for loc, message in cross_checks(config):
        file, line = where_is(data, loc, path)
        problems.append(ConfigFileError(file, line, ".".join(str(p) for p in loc), message))
    return (None, problems) if problems else (config, [])


def device_files(root: Path) -> list[Path]:
    """Every device file under ``root``: YAML files except packages and secrets."""
    return sorted(p for p in root.rglob("*.yaml") if "packages" not in p.parts and p.name != "secrets.yaml")


__all__ = ["ConfigFileError", "Located", "device_files", "validate_file"]
