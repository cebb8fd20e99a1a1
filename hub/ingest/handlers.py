"""Registries that connect wire message types to hub features.

An event handler runs inside the ingest transaction, once, the first time an event id is stored
(never for a repeat), so a feature's tables change atomically with the event log. A request
handler answers a device's request with a response body; it runs in its own transaction.
"""

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy.orm import Session

from wire import Decoded, Payload

EventHandler = Callable[[Session, Decoded], None]
RequestHandler = Callable[[Session, Decoded], Payload]
#: In an event handler's ``session.info``: (ms wall clock when the writer began storing the batch, its size),
#: for a handler that traces latency (the MQTT consumer sets it; other callers may not)
BATCH_INFO = "onestop.ingest.batch"


class RequestRejected(Exception):
    """Raised by a request handler to refuse a request; the device gets ``request.error`` with these."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


_EVENT_HANDLERS: defaultdict[str, list[EventHandler]] = defaultdict(list)
_REQUEST_HANDLERS: dict[str, RequestHandler] = {}


def on_event(type_name: str) -> Callable[[EventHandler], EventHandler]:
    """Decorator: call the function for every newly stored event of ``type_name``."""

    def register(fn: EventHandler) -> EventHandler:
        if fn not in _EVENT_HANDLERS[type_name]:
            _EVENT_HANDLERS[type_name].append(fn)
        return fn

    return register


def on_request(type_name: str) -> Callable[[RequestHandler], RequestHandler]:
    """Decorator: the function answers requests of ``type_name`` (one handler per type)."""

    def register(fn: RequestHandler) -> RequestHandler:
        existing = _REQUEST_HANDLERS.get(type_name)
        if existing is not None and existing is not fn:
            raise ValueError(f"request {type_name!r} already has a handler")
        _REQUEST_HANDLERS[type_name] = fn
        return fn

    return register


def event_handlers(type_name: str) -> list[EventHandler]:
    return list(_EVENT_HANDLERS.get(type_name, ()))


def request_handler(type_name: str) -> RequestHandler | None:
    return _REQUEST_HANDLERS.get(type_name)
