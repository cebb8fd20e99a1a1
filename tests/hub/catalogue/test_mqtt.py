"""``service.catalogue``: kiosks get their services with form layouts and versions; an edit changes the version."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from hub.catalogue.loader import shipped_catalogue
from hub.catalogue.model import CatalogueError
from hub.catalogue.mqtt import kiosk_catalogue, on_kiosk_catalogue
from hub.catalogue.store import save_edit
from hub.forms_library.service import make_draft, publish
from wire import Channel, decode, encode, make_envelope, topics
from wire.payloads.kiosk import CatalogueRequest, CatalogueResponse


def _ask(sessions: sessionmaker[Session], known: int = 0) -> CatalogueResponse:
    env = make_envelope(CatalogueRequest(known_version=known), device="kiosk-1", session=1, seq=1)
    msg = decode(topics.topic_for("s1", "kiosk-1", Channel.REQUEST, "service.catalogue"), encode(env))
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
    assert transcript.identity == "card"
    assert [(f.amount, f.per_copy) for f in transcript.fees] == [(15, True)]
    assert transcript.fields == ("phone", "copies")  # a per-copy fee: the kiosk asks how many copies
    form = transcript.forms[0]
    assert [line.key for line in form.pages[0]][:2] == ["name", "phone"]  # the block the kiosk fills in


def test_a_form_version_published_in_the_library_reaches_kiosks(sessions: sessionmaker[Session]) -> None:
    first = _ask(sessions)
    assert first.services and _ask(sessions, first.version).unchanged is True
    with sessions() as session, session.begin():
        draft = make_draft(session, "HR-F01", kind="template", content=b"", effective="2026-01-02",
                           fields="name|申請人姓名|1\nphone|電話|1\nreason|用途|2", note="法規修正", actor="lee.super")  # fmt: skip
        published = publish(session, draft.id, "lee.super")
    second = _ask(sessions, first.version)
    assert second.version != first.version and not second.unchanged
    form = next(s for s in second.services if s.code == "HR-TRANSCRIPT").forms[0]
    assert form.version == published.version == 5  # the catalogue had version 4; the library continues it
    assert [line.key for line in form.pages[0]] == ["name", "phone", "reason"]


def test_a_service_may_name_only_library_forms(sessions: sessionmaker[Session]) -> None:
    data = shipped_catalogue().get("HR-TRANSCRIPT").model_dump(mode="json")
    data["forms"] = ["HR-NOPE"]
    with sessions() as session, session.begin(), pytest.raises(CatalogueError, match="HR-NOPE"):
        save_edit(session, data, "lee.super")
