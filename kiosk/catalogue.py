"""The service catalogue as the kiosk shows it, parsed from the hub's reply and cached on disk for offline use.

Services come in groups (seed 004 attachment 1; the store menu at 004:1700 shows agencies first, then their
items): ``grouped`` orders them for the screen, groups first."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from wire.payloads.kiosk import KioskGroup, KioskService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    names: dict[str, str]  # language -> name
    agency: dict[str, str]
    identity: str  # card | light | none: the least identification the service accepts
    fees: tuple[tuple[str, int, bool], ...]  # (item, NT$, per copy)
    fields: tuple[str, ...]  # which of the kiosk's few fields the service needs: phone, copies
    forms: tuple[dict[str, Any], ...]  # A4 forms (code, title, version, pages, notes) printed for handwriting
    group: str = ""  # a Group's code; "" when the hub sent none (listed under OTHER)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["zh-TW"]

    def agency_name(self, lang: str) -> str:
        return self.agency.get(lang) or self.agency["zh-TW"]

    def fee(self, copies: int = 1) -> int:
        return sum(amount * (copies if per_copy else 1) for _item, amount, per_copy in self.fees)

    def allowed_for(self, identity_kind: str) -> bool:
        """A card login may use every service; light identification only those that accept it."""
        return identity_kind == "card" or self.identity in ("light", "none")


M = TypeVar("M", KioskService, KioskGroup)


def _valid(model: type[M], raws: Any) -> Iterator[M]:
    """Each entry of ``raws`` that validates as ``model``; the others are skipped, never half-shown."""
    for raw in raws or ():
        try:
            yield model.model_validate(raw)
        except ValidationError:
            log.warning("catalogue entry %r skipped: it does not match wire.payloads.kiosk.%s",
                        raw.get("code") if isinstance(raw, dict) else raw, model.__name__)  # fmt: skip


def parse_catalogue(body: dict[str, Any]) -> tuple[Service, ...]:
    """The services of a ``service.catalogue`` answer; entries that do not validate are skipped."""
    return tuple(
        Service(
            code=s.code,
            names={"zh-TW": s.name, "en": s.name_en},
            agency={"zh-TW": s.agency, "en": s.agency_en},
            identity=s.identity,
            fees=tuple((f.item, f.amount, f.per_copy) for f in s.fees),
            fields=tuple(s.fields),
            forms=tuple(f.model_dump(mode="json") for f in s.forms),
            group=s.group or "",
        )
        for s in _valid(KioskService, body.get("services"))
    )


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    names: dict[str, str]  # language -> name
    elsewhere: int = 0  # the group's services filed online or at a counter, not here

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["zh-TW"]


#: Services whose group the hub did not name (an older hub, or a group it did not list) go here, last.
OTHER = Group("", {"zh-TW": "其他服務", "en": "Other services"})


def parse_groups(body: dict[str, Any]) -> tuple[Group, ...]:
    """The groups of a ``service.catalogue`` answer, in order; entries that do not validate are skipped."""
    return tuple(
        Group(g.code, {"zh-TW": g.name, "en": g.name_en}, g.elsewhere)
        for g in _valid(KioskGroup, body.get("groups"))
    )


def grouped(
    services: tuple[Service, ...], groups: tuple[Group, ...]
) -> tuple[tuple[Group, tuple[Service, ...]], ...]:
    """Each group that holds at least one of ``services``, in the hub's order, with its services in
    catalogue order; services of no listed group come last under OTHER."""
    known = {g.code for g in groups}
    out = [(g, tuple(s for s in services if s.group == g.code)) for g in groups]
    out.append((OTHER, tuple(s for s in services if s.group not in known)))
    return tuple((g, members) for g, members in out if members)


class CatalogueCache:
    """The last catalogue the hub sent, kept in one JSON file (it holds nothing personal)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def save(self, body: dict[str, Any]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def load(self) -> dict[str, Any] | None:
        if self.path is None or not self.path.exists():
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None
