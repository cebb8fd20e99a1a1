"""Dependencies routes declare with ``Annotated``: a database session, the settings, the hub's MQTT link.

    from hub.api.deps import SessionDep, SettingsDep, HubLinkDep

    @router.get("/things")
    def things(session: SessionDep) -> list[Thing]: ...

A SessionDep session is closed after the request; call ``session.commit()`` (or use
``with session.begin():``) to keep writes. HubLinkDep answers 503 when the hub has no broker link.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from hub.core.config import Settings
from hub.ingest.publisher import HubLink


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_hub_link(request: Request) -> HubLink:
    link: HubLink | None = request.app.state.hub_link
    if link is None or not link.connected:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "the hub is not connected to the MQTT broker; try again shortly",
        )
    return link


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
HubLinkDep = Annotated[HubLink, Depends(get_hub_link)]
