"""The daily run: build every finished day's batch once ``nplus_e_batch_hour`` has passed, deliver what is due."""

from __future__ import annotations

import logging
from pathlib import Path

from hub.background import BackgroundContext, Periodic
from hub.nplus_e import service, signing
from hub.nplus_e.catalogue import load
from hub.nplus_e.delivery import deliverer_factory
from wire import now_ms

log = logging.getLogger(__name__)


def step(context: BackgroundContext) -> None:
    settings = context.settings
    now = now_ms()
    with context.sessions.begin() as session:
        days = service.days_to_build(session, now, settings.nplus_e_batch_hour)
    if days:
        signer = signing.load_or_create(Path(settings.nplus_e_signing_key))
        for day in days:
            with context.sessions.begin() as session:
                result = service.build_day(session, day, load(), signer, now)
            log.info("N+e batch %s: %d agencies, %d notices", day, result.built, result.records)
    service.deliver_due(context.sessions, now, deliverer_factory(Path(settings.nplus_e_ssh_key)))  # type: ignore[arg-type]


TASK = Periodic("nplus-e", step, lambda settings: settings.nplus_e_interval_s)
