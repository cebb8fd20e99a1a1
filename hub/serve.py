"""One hub process: migrate, start the MQTT consumer and the features' background tasks, serve HTTP;
stop cleanly (tasks newest first, then the consumer) on SIGTERM or SIGINT."""

from __future__ import annotations

import contextlib
import gc
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING

import uvicorn
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from hub.api.app import create_app
from hub.api.header_timeout import header_timeout_protocol
from hub.background import BackgroundContext, BackgroundRunner, BackgroundStartError, feature_tasks
from hub.core.config import Settings
from hub.core.live import STOPPING
from hub.db.migrate import upgrade
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.ingest.consumer import Consumer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from hub.ingest.amqp import AmqpConsumer

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """uvicorn re-raises the signal after shutdown (killing us before cleanup); we just stop instead."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        STOPPING.set()  # live streams end now instead of holding the stop for their lifetime
        super().handle_exit(sig, frame)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def make_consumer(settings: Settings, sessions: sessionmaker[Session]) -> Consumer | AmqpConsumer:
    """The MQTT session consumer, or competing AMQP consumers on a RabbitMQ cluster (``amqp_urls``)."""
    if settings.amqp_urls:
        from hub.ingest.amqp import AmqpConsumer

        return AmqpConsumer(settings, sessions)
    return Consumer(settings, sessions)


def run(settings: Settings) -> int:
    problems = settings.key_problems()
    if problems:
        print(
            "onestop hub serve: refusing to start: " + "; ".join(problems) + ". Set each to a long random "
            "value (e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`); only `onestop demo` "
            "runs with the demo keys (docs/security.md).",
            file=sys.stderr,
        )
        return 2
    db_shown = make_url(settings.db_url).render_as_string(hide_password=True)
    engine = make_engine(settings.db_url)
    try:
        upgrade(engine)
    except OperationalError as exc:
        print(f"onestop hub serve: cannot open database {db_shown}: {exc.orig}", file=sys.stderr)
        return 1
    consumer = make_consumer(settings, make_session_factory(engine))
    app = create_app(settings, engine=engine, hub_link=consumer.link)
    app.state.ingest_stats = consumer.stats
    config = uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        lifespan="off",
        # X-Forwarded-For only from the reverse proxies named in settings, never from loopback by default:
        # else anyone on the hub's host picks the address the per-client limits count
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or "",
        http=header_timeout_protocol(settings.http_header_timeout_s),
    )
    config.load()  # uvicorn's protocol imports (websockets: ~0.5 CPU-s here), else done as the server starts
    # Everything imported and built so far lives as long as the process: keep it out of the collector's
    # full passes, which otherwise walk every module, mapper and schema of every feature while the ingest
    # writer waits (a 40,000-event drain, issue 19; see docs/scaling.md).
    gc.freeze()
    # Connect once the app and the server are built: building them is seconds of CPU on a loaded machine, and
    # the ingest threads would otherwise share the interpreter with it while a queued session drains (issue 19).
    consumer.start()
    background = BackgroundRunner(feature_tasks(load_features()))
    try:
        background.start(BackgroundContext(settings, app.state.sessions, consumer.link, app.state))
    except BackgroundStartError as exc:
        print(f"onestop hub serve: {exc}", file=sys.stderr)
        consumer.stop()
        engine.dispose()
        return 1
    STOPPING.clear()
    server = _Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            print(
                f"hub {settings.instance_id} listening on http://{settings.http_host}:{settings.http_port} "
                f"(API docs /docs); broker {settings.broker_url.split('@')[-1]}; database {db_shown}",
                flush=True,
            )

    threading.Thread(target=announce, name="hub-announce", daemon=True).start()
    try:
        server.run()
    finally:
        background.stop()
        consumer.stop()
        engine.dispose()
        print(f"hub {settings.instance_id} stopped", flush=True)
    return 0 if server.started else 1
