"""The ``library`` agent component: keeps the forms library cache in step with the hub and prints from it.

On every new MQTT session, and on the hub's ``forms.changed`` command, it runs ``sync`` (index, fetch what
is missing, check the hash, cache, report). While the hub is away the local API still lists and prints the
newest version the cache holds. A version whose download does not match its hash is refused and reported;
the version held before stays in use.

Local API (wire.agent_api): ``GET /v1/library/categories``, ``GET /v1/library/forms?category=CODE``,
``POST /v1/library/print`` (printed on the agent's ``forms`` A4 component).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.devices.forms.render import FormError
from edge_agent.forms_library.cache import LibraryCache, WrongHash
from edge_agent.forms_library.printing import library_pdf
from edge_agent.forms_library.sync import SyncResult, sync
from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route
from edge_agent.session_watch import SessionWatcher
from wire import ComponentState, Payload
from wire.agent_api import (
    LIBRARY_CATEGORIES,
    LIBRARY_FORMS,
    LIBRARY_PRINT,
    LibraryCategories,
    LibraryCategoryView,
    LibraryForms,
    LibraryFormView,
    LibraryPrintBody,
    LibraryPrinted,
)
from wire.payloads.device import ComponentHealth
from wire.payloads.documents import PrintJob, PrintKind, PrintOutcome
from wire.payloads.forms import FormsChanged

if TYPE_CHECKING:
    from edge_agent.agent import Agent
    from edge_agent.config import AgentConfig

log = logging.getLogger(__name__)


class LibraryComponent:
    name = "library"

    def __init__(self, cache: LibraryCache, *, printer: str = "forms", request_timeout: float = 10.0) -> None:
        self.cache = cache
        self.printer = printer
        self.request_timeout = request_timeout
        self.agent: Agent | None = None
        self.last: SyncResult | None = None
        self._problem = ""
        self._lock = threading.Lock()  # one sync at a time (the command and the session watcher)
        self._watcher = SessionWatcher("forms library sync", self.sync_now, "onestop-forms-sync")

    # -- Component protocol ------------------------------------------------------------------------------
    def start(self, agent: Agent) -> None:
        self.agent = agent
        agent.on_command("forms.changed", self._on_changed)
        self._watcher.start(agent)

    def stop(self) -> None:
        self._watcher.stop()

    def health(self) -> ComponentHealth:
        if self._problem:
            return ComponentHealth(state=ComponentState.WARNING, reason=self._problem[:500])
        return ComponentHealth(state=ComponentState.OK)

    # -- keeping in step ----------------------------------------------------------------------------------
    def sync_now(self) -> SyncResult:
        agent = self.agent
        if agent is None:
            raise RuntimeError("the library component has not started")
        with self._lock:
            result = sync(
                self.cache, lambda body: agent.request(body, timeout=self.request_timeout), agent.emit
            )
        self.last = result
        self._problem = f"refused (wrong hash): {', '.join(result.refused)}" if result.refused else ""
        if result.cached or result.refused:
            log.info(
                "forms library revision %d: cached %s, refused %s",
                result.revision,
                result.cached,
                result.refused,
            )
        return result

    def _on_changed(self, body: Payload) -> str:
        assert isinstance(body, FormsChanged)
        held = self.cache.held(body.form)
        if held is not None and held.entry.version >= body.version and held.entry.sha256 == body.sha256:
            return f"form {body.form} version {held.entry.version} already held"
        result = self.sync_now()
        if result.refused:
            raise ValueError(f"refused: {', '.join(result.refused)}")
        return f"library revision {result.revision}: cached {', '.join(result.cached) or 'nothing new'}"

    # -- local API ----------------------------------------------------------------------------------------
    def routes(self) -> Sequence[Route]:
        def categories(_: ApiRequest) -> dict[str, Any]:
            counts: dict[str, int] = {}
            for held in self.cache.all_held():
                counts[held.entry.category] = counts.get(held.entry.category, 0) + 1
            online = bool(self.agent is not None and self.agent.session.online)
            views = [LibraryCategoryView(code=c.code, name=c.name, name_en=c.name_en, forms=counts.get(c.code, 0))
                     for c in sorted(self.cache.categories, key=lambda c: c.order) if counts.get(c.code)]  # fmt: skip
            return LibraryCategories(
                revision=self.cache.revision, online=online, categories=views
            ).model_dump()

        def forms(request: ApiRequest) -> dict[str, Any]:
            category = request.query.get("category", "")
            if not any(c.code == category for c in self.cache.categories):
                raise ApiError(404, "unknown_category", f"no category {category!r} in the cached library")
            views = [LibraryFormView(code=h.entry.code, category=h.entry.category, title=h.entry.title,
                                     title_en=h.entry.title_en, version=h.entry.version,
                                     effective=h.entry.effective, kind=h.entry.kind)
                     for h in self.cache.all_held() if h.entry.category == category]  # fmt: skip
            return LibraryForms(category=category, forms=views).model_dump()

        def print_form(request: ApiRequest) -> ApiResponse:
            body = request.parse(LibraryPrintBody)
            return ApiResponse(202, self.print_form(body).model_dump())

        return (
            Route("GET", LIBRARY_CATEGORIES, categories),
            Route("GET", LIBRARY_FORMS, forms),
            Route("POST", LIBRARY_PRINT, print_form),
        )

    def print_form(self, body: LibraryPrintBody) -> LibraryPrinted:
        """The newest held version of ``body.form`` to the A4 queue (ApiError 404/409/503 saying why not)."""
        held = self.cache.held(body.form)
        if held is None:
            raise ApiError(404, "unknown_form", f"form {body.form} is not in the cached library")
        printer = next(
            (c for c in (self.agent.components if self.agent else []) if c.name == self.printer), None
        )
        if printer is None:
            raise ApiError(
                503, "no_printer", f"this agent has no {self.printer!r} component to print forms on"
            )
        try:
            pdf = library_pdf(held.entry, held.read(), printer.font)  # type: ignore[attr-defined]
            ref = printer.queue.submit(body.job, pdf, body.copies)  # type: ignore[attr-defined]
        except WrongHash as exc:
            raise ApiError(409, "cache_damaged", str(exc)) from None
        except FormError as exc:
            raise ApiError(409, "bad_form", str(exc)) from None
        except DeviceUnavailable as exc:
            raise ApiError(503, "printer_unavailable", str(exc)) from None
        if self.agent is not None:
            self.agent.emit(PrintJob(job=body.job, kind=PrintKind.FORM, printer=self.printer,
                                     outcome=PrintOutcome.PRINTED, pages=body.copies))  # fmt: skip
        return LibraryPrinted(job=body.job, form=held.entry.code, version=held.entry.version, queued_as=ref)


def build(settings: Mapping[str, Any], config: AgentConfig) -> LibraryComponent:
    """``components: {library: {directory: PATH, printer: forms}}``; the cache defaults to the data folder."""
    unknown = set(settings) - {"directory", "printer"}
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}; library takes directory and printer")
    directory = (
        Path(settings["directory"]) if settings.get("directory") else config.data_dir / "forms-library"
    )
    return LibraryComponent(LibraryCache(directory), printer=str(settings.get("printer", "forms")))
