"""The configuration pushed to a host: its validated firmware_config device files, as one JSON document.

``{"devices": [<DeviceFile as JSON>, ...]}`` — one entry per peripheral file of the host (printer, scanner,
keypad), each checked with firmware_config's schema and cross-field rules, all naming the same device id.
The technician's tool, the hub and the agent run the same ``check`` so a bad config changes nothing anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

MAX_FILES = 8


class DeviceConfigError(ValueError):
    """A configuration that must not be pushed or applied; the message names the file or key."""


def check(config: Any, device_id: str | None = None) -> None:
    """Raise DeviceConfigError unless ``config`` is a list of valid device files, all for ``device_id``."""
    from firmware_config.schema import DeviceFile, cross_checks

    if not isinstance(config, dict) or set(config) != {"devices"} or not isinstance(config["devices"], list):
        raise DeviceConfigError('a pushed configuration is {"devices": [device file, ...]}')
    files = config["devices"]
    if not 1 <= len(files) <= MAX_FILES:
        raise DeviceConfigError(f"give 1 to {MAX_FILES} device files, not {len(files)}")
    kinds: set[str] = set()
    for i, raw in enumerate(files):
        try:
            parsed = DeviceFile.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in err["loc"])
            raise DeviceConfigError(f"device file {i + 1}: {where}: {err['msg']}") from None
        problems = cross_checks(parsed)
        if problems:
            loc, message = problems[0]
            raise DeviceConfigError(f"device file {i + 1}: {'.'.join(map(str, loc))}: {message}")
        if device_id is not None and parsed.device.id != device_id:
            raise DeviceConfigError(
                f"device file {i + 1} is for device {parsed.device.id!r}, not {device_id!r} (device.id)"
            )
        if parsed.device.kind.value in kinds:
            raise DeviceConfigError(f"two device files configure the {parsed.device.kind.value}")
        kinds.add(parsed.device.kind.value)


def load_files(paths: Sequence[Path | str], device_id: str | None = None) -> dict[str, Any]:
    """Validate firmware_config YAML files (packages, !secret, !include resolved) into one pushable config."""
    from firmware_config.validate import validate_file

    devices = []
    for path in paths:
        parsed, problems = validate_file(path)
        if parsed is None:
            raise DeviceConfigError("; ".join(str(p) for p in problems[:3]))
        devices.append(parsed.model_dump(mode="json"))
    config = {"devices": devices}
    check(config, device_id)
    return config
