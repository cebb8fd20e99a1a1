"""``service.catalogue`` requests: the services kiosks offer, with their forms' layouts and versions from the
forms library, so an edit or a new form version reaches every kiosk (the kiosk caches the last answer for offline use)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from sqlalchemy.orm import Session

from hub.catalogue.model import Catalogue, ChannelKind, Service
from hub.catalogue.store import current_catalogue
from hub.forms_library.seed import shipped
from hub.forms_library.service import forms, in_force, template_pages
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

#: a form's title, version and fields as the forms library has them in force (code -> KioskForm)
LibraryForms = Mapping[str, KioskForm]


def _kiosk_form(code: str, title: str, version: int, content: bytes) -> KioskForm:
    pages = tuple(tuple(FormLine(key=f["key"], label=f["label"], lines=f["lines"]) for f in page)
                  for page in template_pages(content))  # fmt: skip
    return KioskForm(code=code, title=title, version=version, pages=pages)


def shipped_library_forms() -> dict[str, KioskForm]:
    """The library's forms as shipped (no database): for a kiosk cache made without a hub."""
    return {f.code: _kiosk_form(f.code, f.title, f.version, f.template) for f in shipped()[1]}


def library_forms(session: Session) -> dict[str, KioskForm]:
    """Every template form of the library in force, as kiosks print it (an uploaded PDF version is printed
    from the agent's library cache instead, so it is not listed with a service)."""
    versions = in_force(session)
    out = {}
    for form in forms(session):
        v = versions.get(form.code)
        if v is None or v.kind != "template":
            continue
        out[form.code] = _kiosk_form(form.code, form.title, v.version, v.content)
    return out


def kiosk_service(service: Service, library: LibraryForms) -> KioskService:
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
        forms=tuple(library[code] for code in service.forms if code in library),
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


def kiosk_catalogue(catalogue: Catalogue, library: LibraryForms | None = None) -> CatalogueResponse:
    """The kiosk view of the catalogue, versioned by a hash of its content (any edit changes it)."""
    library = shipped_library_forms() if library is None else library
    services = tuple(kiosk_service(s, library) for s in catalogue.services if _at_kiosk(s))
    groups = kiosk_groups(catalogue)
    content = [s.model_dump(mode="json") for s in services] + [g.model_dump(mode="json") for g in groups]
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return CatalogueResponse(version=int(digest[:12], 16), services=services, groups=groups)


@on_request("service.catalogue")
def on_kiosk_catalogue(session: Session, msg: Decoded) -> CatalogueResponse:
    body = msg.body
    assert isinstance(body, CatalogueRequest)
    current = kiosk_catalogue(current_catalogue(session), library_forms(session))
    if body.known_version == current.version:
        return CatalogueResponse(version=current.version, unchanged=True)
    return current
