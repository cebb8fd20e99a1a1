"""The service catalogue as the kiosk shows it, parsed from the hub's reply and cached on disk for offline use."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wire.payloads.kiosk import KioskService

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

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["zh-TW"]

    def agency_name(self, lang: str) -> str:
        return self.agency.get(lang) or self.agency["zh-TW"]

    def fee(self, copies: int = 1) -> int:
        return sum(amount * (copies if per_copy else 1) for _item, amount, per_copy in self.fees)

    def allowed_for(self, identity_kind: str) -> bool:
        """A card login may use every service; light identification only those that accept it."""
        return identity_kind == "card" or self.identity in ("light", "none")


def parse_catalogue(body: dict[str, Any]) -> tuple[Service, ...]:
    """The services of a ``service.catalogue`` answer; entries that do not validate are skipped, never half-shown."""
    services = []
    for raw in body.get("services") or ():
        try:
            s = KioskService.model_validate(raw)
        except ValidationError:
            log.warning("catalogue entry %r skipped: it does not match wire.payloads.kiosk.KioskService",
                        raw.get("code") if isinstance(raw, dict) else raw)  # fmt: skip
            continue
        services.append(
            Service(
                code=s.code,
                names={"zh-TW": s.name, "en": s.name_en},
                agency={"zh-TW": s.agency, "en": s.agency_en},
                identity=s.identity,
                fees=tuple((f.item, f.amount, f.per_copy) for f in s.fees),
                fields=tuple(s.fields),
                forms=tuple(f.model_dump(mode="json") for f in s.forms),
            )
        )
    return tuple(services)


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
