"""The library over MQTT: ``forms.sync`` (the index), ``forms.fetch`` (a chunk), ``forms.report`` (what an
agent cached or refused), and ``announce`` (``forms.changed`` to every online agent after a publish)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from hub.forms_library.models import FormVersion
from hub.forms_library.service import LibraryError, chunk, index, online_devices, record_report
from hub.ingest.handlers import RequestRejected, on_event, on_request
from hub.ingest.publisher import HubLink
from wire import Decoded, Payload
from wire.payloads.forms import FormsChanged, FormsFetch, FormsIndex, FormsReport, FormsSync

log = logging.getLogger(__name__)


@on_request("forms.sync")
def on_sync(session: Session, msg: Decoded) -> FormsIndex:
    body = msg.body
    assert isinstance(body, FormsSync)
    revision, cats, entries = index(session)
    if body.known_revision == revision:
        return FormsIndex(revision=revision, unchanged=True)
    return FormsIndex(revision=revision, categories=tuple(cats), forms=tuple(entries))


@on_request("forms.fetch")
def on_fetch(session: Session, msg: Decoded) -> Payload:
    body = msg.body
    assert isinstance(body, FormsFetch)
    try:
        return chunk(session, body.form, body.version, body.offset)
    except LibraryError as exc:
        raise RequestRejected("not_found" if exc.status == 404 else "bad_offset", exc.message) from None


@on_event("forms.report")
def on_report(session: Session, msg: Decoded) -> None:
    body = msg.body
    assert isinstance(body, FormsReport)
    record_report(session, msg.address.device, body, msg.envelope.ts)
    if body.outcome == "refused":
        log.warning("%s refused form %s v%d: %s", msg.address.device, body.form, body.version, body.reason)


def announce(link: HubLink, session: Session, version: FormVersion, revision: int) -> int:
    """Tell every online agent a version was published; returns how many were told (offline agents catch up
    with ``forms.sync`` when they reconnect)."""
    body = FormsChanged(revision=revision, form=version.form, version=version.version, sha256=version.sha256)
    targets = online_devices(session)
    session.rollback()  # end the read: on SQLite it would hold the lock recording the commands needs
    return link.send_commands(targets, body) if targets else 0
