"""``catalogue.kiosk``: kiosks get their services with form versions; an edit changes the version."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from hub.catalogue.kiosk import kiosk_catalogue, on_kiosk_catalogue
from hub.catalogue.loader import shipped_catalogue
from hub.catalogue.store import save_edit
from wire import Channel, decode, encode, make_envelope, topics
from wire.payloads.cases import KioskCatalogue, KioskCatalogueRequest


def _ask(sessions: sessionmaker[Session], known: str | None = None) -> KioskCatalogue:
    env = make_envelope(KioskCatalogueRequest(known_version=known), device="kiosk-1", session=1, seq=1)
    msg = decode(topics.topic_for("s1", "kiosk-1", Channel.REQUEST, "catalogue.kiosk"), encode(env))
    with sessions() as session, session.begin():
        reply = on_kiosk_catalogue(session, msg)
    return reply


def test_only_kiosk_services_with_fees_split() -> None:
    view = kiosk_catalogue(shipped_catalogue())
    codes = {s.code for s in view.services}
    assert (
        "HR-TRANSCRIPT" in codes and "HR-TRANSCRIPT-EN" not in codes
    )  # the English one is counter/online only
    transcript = next(s for s in view.services if s.code == "HR-TRANSCRIPT")
    assert (transcript.fee_base, transcript.fee_per_copy, transcript.identity) == (0, 15, "card")


def test_an_edited_form_version_reaches_kiosks(sessions: sessionmaker[Session]) -> None:
    first = _ask(sessions)
    assert first.services and _ask(sessions, first.version).unchanged is True
    data = shipped_catalogue().get("HR-TRANSCRIPT").model_dump(mode="json")
    data["forms"][0]["version"] += 1
    with sessions() as session, session.begin():
        save_edit(session, data, "lee.super")
    second = _ask(sessions, first.version)
    assert second.version != first.version and not second.unchanged
    form = next(s for s in second.services if s.code == "HR-TRANSCRIPT").forms[0]
    assert form.version == data["forms"][0]["version"]
