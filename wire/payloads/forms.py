"""The forms library on the wire (issue 15): the hub announces a new version, agents fetch, check and cache it.

Flow (docs/forms.md): the hub sends ``forms.changed`` (a command) to every online agent when a supervisor
publishes a version; an agent, on that command and on every new MQTT session, asks ``forms.sync`` for the
library index (every form's version in force with its SHA-256), fetches what it lacks with ``forms.fetch``
in chunks, checks the SHA-256 of the whole, caches it on disk and reports ``forms.report`` (a durable event):
``cached`` or ``refused`` (wrong hash: the previous version stays in use).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

FormCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
CategoryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{1,15}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Version = Annotated[int, Field(ge=1, le=100_000)]
#: the most bytes one ``forms.fetch`` answer carries (base64 makes it 4/3 of this, under the 1 MiB envelope)
CHUNK_BYTES = 512 * 1024
#: the largest form file the library takes (an uploaded PDF): 20 chunks
MAX_FORM_BYTES = 10 * 1024 * 1024
#: the two kinds of form file: a template (JSON: fields page by page, the agent renders it) or a PDF
FileKind = Literal["template", "pdf"]


@payload(Channel.COMMAND, "forms.changed")
class FormsChanged(Payload):
    """A version was published; ``revision`` is the library's new revision (it only grows)."""

    revision: Annotated[int, Field(ge=1)]
    form: FormCode
    version: Version
    sha256: Sha256


@payload(Channel.REQUEST, "forms.sync")
class FormsSync(Payload):
    """Ask for the index; ``known_revision`` equal to the hub's gets ``unchanged`` and no entries."""

    known_revision: Annotated[int, Field(ge=0)] = 0


class LibraryCategory(Payload):
    code: CategoryCode
    name: Title
    name_en: Title
    order: Annotated[int, Field(ge=0, le=1000)]


class LibraryEntry(Payload):
    """One form and the version in force (its file's hash and size; the agent fetches what it lacks)."""

    code: FormCode
    category: CategoryCode
    title: Title
    title_en: Annotated[str, StringConstraints(max_length=200)] = ""
    version: Version
    effective: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]  # ISO date it applies from
    kind: FileKind
    sha256: Sha256
    size: Annotated[int, Field(ge=1, le=MAX_FORM_BYTES)]


@payload(Channel.RESPONSE, "forms.sync")
class FormsIndex(Payload):
    revision: Annotated[int, Field(ge=0)]
    unchanged: bool = False
    categories: Annotated[tuple[LibraryCategory, ...], Field(max_length=100)] = ()
    forms: Annotated[tuple[LibraryEntry, ...], Field(max_length=1000)] = ()


@payload(Channel.REQUEST, "forms.fetch")
class FormsFetch(Payload):
    """One chunk of one version's file, from byte ``offset``."""

    form: FormCode
    version: Version
    offset: Annotated[int, Field(ge=0, le=MAX_FORM_BYTES)] = 0


@payload(Channel.RESPONSE, "forms.fetch")
class FormsChunk(Payload):
    form: FormCode
    version: Version
    offset: Annotated[int, Field(ge=0)]
    size: Annotated[int, Field(ge=1, le=MAX_FORM_BYTES)]  # of the whole file
    sha256: Sha256  # of the whole file, as the hub stored it
    data: Annotated[str, StringConstraints(max_length=(CHUNK_BYTES // 3 + 1) * 4)]  # base64


@payload(Channel.EVENT, "forms.report")
class FormsReport(Payload):
    """What an agent did with a version: ``cached`` (checked and on disk) or ``refused`` (and why)."""

    form: FormCode
    version: Version
    sha256: Sha256
    outcome: Literal["cached", "refused"]
    reason: Annotated[str, StringConstraints(max_length=300)] = ""
    revision: Annotated[int, Field(ge=0)] = 0  # the library revision the agent holds after this
