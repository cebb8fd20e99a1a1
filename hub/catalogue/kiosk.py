"""``catalogue.kiosk`` requests: the services kiosks offer, with form versions, so an edit reaches every kiosk."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from hub.catalogue.model import Catalogue
from hub.catalogue.store import current_catalogue
from hub.ingest.handlers import on_request
from wire import Decoded
from wire.payloads.cases import KioskCatalogue, KioskCatalogueRequest, KioskForm, KioskService


def kiosk_catalogue(catalogue: Catalogue) -> KioskCatalogue:
    """The kiosk view of the catalogue, versioned by a hash of its content."""
    services = tuple(
        KioskService(
            code=s.code,
            name=s.name,
            name_en=s.name_en,
            agency=s.agency,
            identity=s.identity.value,
            documents=s.documents,
            forms=tuple(
                KioskForm(code=f.code, title=f.title, version=f.version, pages=f.pages) for f in s.forms
            ),
            fee_base=sum(f.amount for f in s.fees if not f.per_copy),
            fee_per_copy=sum(f.amount for f in s.fees if f.per_copy),
            time_limit_days=s.time_limit.amount,
            working_days=s.time_limit.unit == "working_days",
        )
        for s in catalogue.services
        if any(c.value == "kiosk" for c in s.channels)
    )
    digest = hashlib.sha256(
        json.dumps([s.model_dump(mode="json") for s in services], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:16]
    return KioskCatalogue(version=digest, services=services)


@on_request("catalogue.kiosk")
def on_kiosk_catalogue(session: Session, msg: Decoded) -> KioskCatalogue:
    body = msg.body
    assert isinstance(body, KioskCatalogueRequest)
    current = kiosk_catalogue(current_catalogue(session))
    if body.known_version == current.version:
        return KioskCatalogue(version=current.version, unchanged=True)
    return current
