"""``create_app(settings)``: the FastAPI app with the core routes and every feature's ``router``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import StatementError

from hub.api.headers import SecurityHeaders
from hub.api.limits import BodyLimit
from hub.core.config import Settings
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.ingest.publisher import HubLink, NotConnectedError


def create_app(
    settings: Settings, *, engine: Engine | None = None, hub_link: HubLink | None = None
) -> FastAPI:
    """The hub's HTTP app. ``hub_link`` (the consumer's) enables routes that send commands."""
    from hub.api.routes import health

    app = FastAPI(
        title="OneStop hub",
        version="1",
        description="Devices, events and the data behind OneStop kiosks and counters.",
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.db_url)
    app.state.sessions = make_session_factory(app.state.engine)
    app.state.hub_link = hub_link
    app.include_router(health.router)
    features = load_features()
    for module in features:  # citizens' hot read routes first: matching walks the routes in order
        public = getattr(module, "public_router", None)
        if public is not None:
            app.include_router(public)
    for module in features:
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)
        bind = getattr(module, "bind_app", None)  # optional: a feature that needs app.state (e.g. hub_link)
        if bind is not None:
            bind(app)

    app.add_middleware(BodyLimit, limit=settings.http_max_body_bytes)  # 413 on every route
    app.add_middleware(SecurityHeaders)  # nosniff, no framing, CSP on pages, no-store on personal data

    @app.exception_handler(StatementError)
    @app.exception_handler(OverflowError)
    async def _unstorable(_request: Request, exc: Exception) -> JSONResponse:
        """A number beyond 64 bits or text the database cannot hold is the caller's error (422), not a 500;
        nothing was written (the request's transaction rolled back with the exception)."""
        orig = getattr(exc, "orig", exc)
        out_of_range = isinstance(orig, OverflowError | UnicodeEncodeError) or "out of range" in str(orig)
        if not out_of_range:
            raise exc
        return JSONResponse(
            {"detail": "a number or text in the request is beyond what the hub stores (64-bit integers)"},
            status_code=422,
        )

    @app.exception_handler(NotConnectedError)
    async def _not_connected(_request: Request, exc: NotConnectedError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    return app
