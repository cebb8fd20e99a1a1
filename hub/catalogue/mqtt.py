"""``service.catalogue`` requests: the services kiosks offer, with form layouts and versions, so an edit
reaches every kiosk (the kiosk caches the last answer for offline use)."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from hub.catalogue.model import Catalogue, ChannelKind, Form, Service
from hub.catalogue.store import current_catalogue
from hub.ingest.handlers import on_request
from wire import Decoded
from wire.payloads.kiosk import (
    CatalogueRequest,
    CatalogueResponse,
    FeeItem,
    FormLine,
    KioskForm,
    KioskGroup,
    KioskService,
)

# Seed 004: a kiosk asks only for the few fields it can take by touch; everything else is handwritten on
# the printed form. So every form starts with the applicant block the kiosk fills in, then ruled lines.
_APPLICANT = (
    FormLine(key="name", label="申請人姓名 Applicant"),
    FormLine(key="phone", label="聯絡電話 Phone"),
    FormLine(key="address", label="通訊地址 Address", lines=2),
    FormLine(key="details", label="申請事項（請親筆填寫）Details (handwritten)", lines=6),
)
_CONTINUED = (FormLine(key="continued", label="續頁（請親筆填寫）Continued (handwritten)", lines=12),)


def _form(form: Form) -> KioskForm:
    pages = (_APPLICANT,) + (_CONTINUED,) * (form.pages - 1)
    return KioskForm(code=form.code, title=form.title, version=form.version, pages=pages)


def kiosk_service(service: Service) -> KioskService:
    """One catalogue service as a kiosk shows it."""
    per_copy = any(f.per_copy for f in service.fees)
    return KioskService(
        code=service.code,
        name=service.name,
        name_en=service.name_en,
        group=service.group,
        agency=service.agency,
        agency_en=service.agency_en,
        identity=service.identity.value,
        fees=tuple(FeeItem(item=f.item, amount=f.amount, per_copy=f.per_copy) for f in service.fees),
        forms=tuple(_form(f) for f in service.forms),
        fields=("phone", "copies") if per_copy else ("phone",),
    )


def _at_kiosk(service: Service) -> bool:
    return ChannelKind.KIOSK in service.channels


def kiosk_groups(catalogue: Catalogue) -> tuple[KioskGroup, ...]:
    """The groups holding at least one kiosk service, in catalogue order, each with the count of its
    services a citizen must file elsewhere (online or at a counter)."""
    groups = []
    for group in catalogue.groups:
        members = catalogue.in_group(group.code)
        here = sum(1 for s in members if _at_kiosk(s))
        if here:
            groups.append(
                KioskGroup(
                    code=group.code, name=group.name, name_en=group.name_en, elsewhere=len(members) - here
                )
            )
    return tuple(groups)


def kiosk_catalogue(catalogue: Catalogue) -> CatalogueResponse:
    """The kiosk view of the catalogue, versioned by a hash of its content (any edit changes it)."""
    services = tuple(kiosk_service(s) for s in catalogue.services if _at_kiosk(s))
    groups = kiosk_groups(catalogue)
    content = [s.model_dump(mode="json") for s in services] + [g.model_dump(mode="json") for g in groups]
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return CatalogueResponse(version=int(digest[:12], 16), services=services, groups=groups)


@on_request("service.catalogue")
def on_kiosk_catalogue(session: Session, msg: Decoded) -> CatalogueResponse:
    body = msg.body
    assert isinstance(body, CatalogueRequest)
    current = kiosk_catalogue(current_catalogue(session))
    if body.known_version == current.version:
        return CatalogueResponse(version=current.version, unchanged=True)
    return current
