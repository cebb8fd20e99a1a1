"""The service catalogue as the kiosk shows it, parsed from the hub's reply and cached on disk for offline use."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    names: dict[str, str]  # language -> name
    agency: dict[str, str]
    identity: str  # card | light | none: the least identification the service accepts
    fee: int  # NT$ per copy
    fields: tuple[str, ...]  # which of the kiosk's few fields the service needs: phone, copies
    forms: tuple[str, ...]  # A4 forms to print for handwriting
    slip: bool  # a payment slip is printed when there is a fee

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()), self.code)

    def agency_name(self, lang: str) -> str:
        return self.agency.get(lang) or next(iter(self.agency.values()), "")

    def allowed_for(self, identity_kind: str) -> bool:
        """A card login may use every service; light identification only those that accept it."""
        return identity_kind == "card" or self.identity in ("light", "none")


def _names(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {"zh-TW": str(value)}


def parse_catalogue(body: dict[str, Any]) -> tuple[Service, ...]:
    """Services offered on the kiosk channel; entries that do not parse are skipped, never half-shown."""
    services = []
    for raw in body.get("services", []):
        try:
            if "kiosk" not in raw.get("channels", ["kiosk"]):
                continue
            services.append(
                Service(
                    code=str(raw["code"]),
                    names=_names(raw["name"]),
                    agency=_names(raw.get("agency", "")),
                    identity=str(raw.get("identity", "card")),
                    fee=int(raw.get("fee", 0)),
                    fields=tuple(str(f) for f in raw.get("fields", ["phone"])),
                    forms=tuple(str(f) for f in raw.get("forms", [])),
                    slip=bool(raw.get("slip", False)),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
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
