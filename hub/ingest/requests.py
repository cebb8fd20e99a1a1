"""Answer device requests: each in its own transaction, the response published after its commit."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from hub.devices.models import DeadLetter
from hub.ingest.handlers import RequestRejected, request_handler
from hub.ingest.publisher import HubLink
from hub.ingest.store import dead_letter_row
from wire import Decoded, Payload, now_ms
from wire.payloads.requests import RequestError

log = logging.getLogger(__name__)


def answer(sessions: sessionmaker[Session], link: HubLink, msg: Decoded) -> None:
    """Run the request's handler and publish its answer (or ``request.error``); never raises."""
    env, addr = msg.envelope, msg.address
    handler = request_handler(env.type)
    reply: Payload
    if handler is None:
        reply = RequestError(
            request=env.type, code="no_handler", message=f"the hub does not answer {env.type!r}"
        )
        _dead_letter(sessions, msg, "no_handler", reply.message)
    else:
        try:
            with sessions() as session, session.begin():
                reply = handler(session, msg)
        except RequestRejected as exc:
            reply = RequestError(request=env.type, code=exc.code[:48], message=exc.message[:500])
        except Exception as exc:
            log.exception("request handler for %s failed on %s", env.type, env.id)
            reply = RequestError(
                request=env.type, code="internal", message="the hub failed to answer; try again"
            )
            _dead_letter(sessions, msg, "handler_error", f"{type(exc).__name__}: {exc}")
    link.send_response(addr.site, addr.device, reply, corr=env.id, version=addr.version)


def _dead_letter(sessions: sessionmaker[Session], msg: Decoded, reason: str, message: str) -> None:
    row: dict[str, Any] = dead_letter_row(
        msg.address.topic, msg.envelope.model_dump_json().encode(), reason, message, now_ms()
    )
    try:
        with sessions() as session, session.begin():
            session.execute(insert(DeadLetter), [row])
    except Exception:
        log.exception("could not record dead letter for request %s", msg.envelope.id)
