"""YAML loading that remembers where every key came from, with ``!secret``, ``!include`` and ``packages:``.

ESPHome conventions: ``!secret name`` reads ``secrets.yaml`` next to the top-level file; ``!include path``
inlines another file; ``packages:`` maps names to mappings (usually ``!include``d) that are merged under the
device file, the device file winning key by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Where:
    file: Path
    line: int


class ConfigFileError(ValueError):
    """A problem in a config file: names the file, the line and the key (dotted path)."""

    def __init__(self, file: Path | str, line: int | None, key: str, message: str) -> None:
        where = f"{file}:{line}" if line else f"{file}"
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        self.file = Path(file)
        self.line = line
        self.key = key
        self.message = message


class Located(dict[Any, Any]):
    """A mapping that knows the file and line of each of its keys (and of itself)."""

    where: Where
    keys_at: dict[Any, Where]


class _Loader(yaml.SafeLoader):
    file: Path
    secrets_dir: Path
    depth: int


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    out = Located()
    out.where = Where(loader.file, node.start_mark.line + 1)
    out.keys_at = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int):
            raise ConfigFileError(
                loader.file, key_node.start_mark.line + 1, str(key), "keys must be words or numbers"
            )
        if key in out:
            raise ConfigFileError(loader.file, key_node.start_mark.line + 1, str(key), "is given twice")
        out[key] = loader.construct_object(value_node, deep=True)
        out.keys_at[key] = Where(loader.file, key_node.start_mark.line + 1)
    return out


def _secret(loader: _Loader, node: yaml.Node) -> str:
    name = loader.construct_scalar(node)  # type: ignore[arg-type]
    path = loader.secrets_dir / "secrets.yaml"
    line = node.start_mark.line + 1
    try:
        secrets = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raise ConfigFileError(
            loader.file, line, f"!secret {name}", f"no {path} to read secrets from"
        ) from None
    if not isinstance(secrets, dict) or name not in secrets:
        raise ConfigFileError(loader.file, line, f"!secret {name}", f"secret {name!r} is not in {path}")
    return str(secrets[name])


def _include(loader: _Loader, node: yaml.Node) -> Any:
    rel = loader.construct_scalar(node)  # type: ignore[arg-type]
    target = (loader.file.parent / str(rel)).resolve()
    if loader.depth > 8:
        raise ConfigFileError(
            loader.file, node.start_mark.line + 1, f"!include {rel}", "includes nest too deep"
        )
    return load(target, secrets_dir=loader.secrets_dir, depth=loader.depth + 1, line=node.start_mark.line + 1,
                from_file=loader.file)  # fmt: skip


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("!secret", _secret)
_Loader.add_constructor("!include", _include)


def load(
    path: Path | str,
    *,
    secrets_dir: Path | None = None,
    depth: int = 0,
    line: int | None = None,
    from_file: Path | None = None,
) -> Any:
    """Parse one YAML file into Located mappings; ConfigFileError naming file and line on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        if from_file is not None:
            raise ConfigFileError(
                from_file, line, f"!include {path.name}", f"cannot read {path}: {exc.strerror}"
            ) from None
        raise ConfigFileError(path, None, "", f"cannot be read: {exc.strerror}") from None
    loader = _Loader(text)
    loader.file = path
    loader.secrets_dir = secrets_dir or path.parent
    loader.depth = depth
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigFileError(
            path, mark.line + 1 if mark else None, "", f"is not valid YAML: {exc.problem}"
        ) from None
    finally:
        loader.dispose()


def merge(base: Any, over: Any) -> Any:
    """ESPHome package merge: mappings merge key by key (``over`` wins), anything else is replaced."""
    if isinstance(base, Located) and isinstance(over, Located):
        out = Located(base)
        out.where = over.where
        out.keys_at = {**base.keys_at, **over.keys_at}
        for key, value in over.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    return over


def load_device(path: Path | str) -> Located:
    """A device file with its ``packages:`` merged in; the result has no ``packages`` key."""
    path = Path(path)
    data = load(path)
    if not isinstance(data, Located):
        raise ConfigFileError(path, 1, "", "must be a mapping of settings (key: value)")
    packages = data.pop("packages", None)
    if packages is None:
        return data
    if not isinstance(packages, Located):
        raise ConfigFileError(path, data.keys_at["packages"].line, "packages", "must map names to packages")
    merged: Any = Located()
    merged.where, merged.keys_at = data.where, {}
    for name, package in packages.items():
        if not isinstance(package, Located):
            raise ConfigFileError(path, packages.keys_at[name].line, f"packages.{name}", "must be a mapping")
        merged = merge(merged, package)
    result: Located = merge(merged, data)
    return result


def where_is(data: Any, loc: tuple[str | int, ...], default: Path) -> tuple[Path, int | None]:
    """File and line of the value at ``loc`` (the deepest known key on the way)."""
    file, line = default, getattr(getattr(data, "where", None), "line", None)
    node = data
    for part in loc:
        if isinstance(node, Located) and part in node.keys_at:
            file, line = node.keys_at[part].file, node.keys_at[part].line
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, Located):
                file, line = node.where.file, node.where.line
        else:
            break
    return file, line
