"""Bring a library cache in step with the hub: ask ``forms.sync``, fetch every version the cache lacks in
``forms.fetch`` chunks, check its hash, store it, report ``forms.report``. The same code runs in the agent
(blocking requests on a worker thread) and in the fleet simulator."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from edge_agent.forms_library.cache import LibraryCache, WrongHash
from wire import Payload
from wire.payloads.forms import FormsChunk, FormsFetch, FormsIndex, FormsReport, FormsSync, LibraryEntry

log = logging.getLogger(__name__)

#: ask the hub (blocking) and get its answer; raises on a refusal or a timeout
Request = Callable[[Payload], Payload]
#: put a durable event in the outbox
Emit = Callable[[Payload], object]


@dataclass(slots=True)
class SyncResult:
    revision: int
    unchanged: bool = False
    cached: list[str] = field(default_factory=list)  # "CODE vN"
    refused: list[str] = field(default_factory=list)


def _download(request: Request, entry: LibraryEntry) -> bytes:
    parts: list[bytes] = []
    offset = 0
    while offset < entry.size:
        answer = request(FormsFetch(form=entry.code, version=entry.version, offset=offset))
        if not isinstance(answer, FormsChunk) or answer.offset != offset:
            raise WrongHash(f"form {entry.code}: the hub answered out of order at byte {offset}")
        data = base64.b64decode(answer.data, validate=True)
        if not data:
            raise WrongHash(f"form {entry.code}: an empty chunk at byte {offset}")
        parts.append(data)
        offset += len(data)
    return b"".join(parts)


def sync(cache: LibraryCache, request: Request, emit: Emit) -> SyncResult:
    """One round; the revision advances only when every version in force is on disk."""
    answer = request(FormsSync(known_revision=cache.revision))
    assert isinstance(answer, FormsIndex)
    if answer.unchanged:
        return SyncResult(answer.revision, unchanged=True)
    result = SyncResult(answer.revision)
    for entry in answer.forms:
        if cache.has(entry):
            continue
        try:
            cache.store(entry, _download(request, entry))
        except WrongHash as exc:
            log.warning("forms library: %s", exc)
            result.refused.append(f"{entry.code} v{entry.version}")
            emit(FormsReport(form=entry.code, version=entry.version, sha256=entry.sha256, outcome="refused",
                             reason=str(exc)[:300], revision=cache.revision))  # fmt: skip
            continue
        result.cached.append(f"{entry.code} v{entry.version}")
        emit(FormsReport(form=entry.code, version=entry.version, sha256=entry.sha256, outcome="cached",
                         revision=answer.revision))  # fmt: skip
    cache.set_index(answer.revision if not result.refused else cache.revision, list(answer.categories))
    return result
