"""Load the service catalogue: the shipped YAML, then staff edits (JSON per service) laid over it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from hub.catalogue.model import Catalogue, CatalogueError, Service, expand


def _explain(exc: ValidationError, what: str) -> CatalogueError:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"])
    return CatalogueError(f"{what}: {where}: {err['msg'].removeprefix('Value error, ')}")


def parse_catalogue(text: str) -> Catalogue:
    """Parse catalogue YAML text; CatalogueError naming the first bad field."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"the catalogue is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise CatalogueError("the catalogue must be a mapping with 'milestones' and 'services'")
    expanded = expand(raw)
    try:
        return Catalogue.model_validate(expanded)
    except ValidationError as exc:
        loc = exc.errors(include_url=False)[0]["loc"]
        if loc and loc[0] == "groups":
            raise _explain(exc, "groups") from None
        codes = [s.get("code") for s in expanded["services"]]
        service = codes[int(loc[1])] if len(loc) > 1 and isinstance(loc[1], int) else "?"
        raise _explain(exc, f"service {service}") from None


def parse_service(data: Mapping[str, Any]) -> Service:
    """One service from its JSON/YAML form (a staff edit); CatalogueError naming the bad field."""
    try:
        return Service.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, f"service {data.get('code', '?')}") from None


@cache
def shipped_catalogue() -> Catalogue:
    """The catalogue shipped with the hub (hub/catalogue/services.yaml)."""
    text = resources.files("hub.catalogue").joinpath("services.yaml").read_text(encoding="utf-8")
    return parse_catalogue(text)


def with_edits(base: Catalogue, edits: Mapping[str, Mapping[str, Any]]) -> Catalogue:
    """``base`` with each staff-edited service (code → service JSON) replacing the shipped one."""
    catalogue = base
    for data in edits.values():
        if data.get("group") is None:  # an edit saved before services had groups keeps the shipped one
            shipped = next((s for s in base.services if s.code == data.get("code")), None)
            data = {**data, "group": shipped.group if shipped else None}
        catalogue = catalogue.replace(parse_service(data))
    return catalogue
