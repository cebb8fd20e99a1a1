"""The hub's zeroconf announcement as a background task of ``onestop hub serve`` (setting ``advertise``).

Registration probes the network for ~1.5 s, so it runs on its own thread: serve is not delayed, and a
failure (no multicast, a name already taken) is logged and leaves the hub serving, only undiscoverable.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from hub.background import BackgroundContext
from hub.core.config import Settings

log = logging.getLogger(__name__)


def hub_advertisement(settings: Settings) -> Any:
    """The hub's record, named ``advertise_name`` or ``<instance id>-<host>`` (hub processes on one host
    differ); ValueError if the configured name is not a valid device id."""
    from discovery import hostname_id
    from wire import check_device_id
    from wire.onboarding import Advertisement, Role

    name = settings.advertise_name or f"{settings.instance_id}-{hostname_id()}"[:63].rstrip("-")
    try:
        check_device_id(name)
    except ValueError as exc:
        raise ValueError(f"hub setting advertise_name: {exc}") from None
    return Advertisement(Role.HUB, name, "hub", "1", 0, True, mqtt_port=settings.broker.port)


def interfaces(settings: Settings) -> list[str] | None:
    if not settings.advertise_interfaces:
        return None
    return [part.strip() for part in settings.advertise_interfaces.split(",") if part.strip()]


class HubAdvertiser:
    """Announces the hub while it serves; says goodbye (TTL 0 records) when it stops."""

    name = "provisioning-advertise"

    def __init__(self) -> None:
        self.advertiser: Any = None
        self.error: str | None = None
        self.registered = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = False

    def start(self, context: BackgroundContext) -> None:
        settings = context.settings
        if not settings.advertise:
            log.info("zeroconf announcement turned off (advertise=false)")
            return
        from discovery import Advertiser

        self._stopping, self.error = False, None
        self.registered.clear()
        advertiser = Advertiser(
            hub_advertisement(settings),  # a bad name stops serve at start-up with this message
            settings.http_port,
            interfaces=interfaces(settings),
            ttl=settings.advertise_ttl,
        )
        self._thread = threading.Thread(target=self._register, args=(advertiser,), name="bg-advertise")
        self._thread.daemon = True
        self._thread.start()

    def _register(self, advertiser: Any) -> None:
        try:
            advertiser.start()
        except Exception as exc:  # zeroconf raises its own types (NonUniqueNameException, OSError...)
            self.error = f"{type(exc).__name__}: {exc}"
            log.warning("the hub is not announced over zeroconf: %s", self.error)
            advertiser.close()
            return
        with self._lock:
            if self._stopping:  # stop() came while we were probing: say goodbye at once
                advertiser.close()
                return
            self.advertiser = advertiser
        self.registered.set()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            advertiser, self.advertiser = self.advertiser, None
        if advertiser is not None:
            advertiser.close()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
