"""Zeroconf/mDNS discovery: hubs and agents advertise ``_onestop._tcp``; a browser keeps a live, stale-free table.

Stale records are the field's top complaint: python-zeroconf keeps a PTR record at least 1125 s, so the
browser here judges liveness by the short-lived SRV/TXT records instead. Entries vanish at once on a
goodbye and within one TTL of a device that died without one; names seen once are re-queried so a
device that comes back reappears.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wire.onboarding import SERVICE_TYPE, Advertisement

log = logging.getLogger(__name__)

#: TTL (s) of SRV/TXT/A records we advertise: how long a dead device may linger in a browser's table.
DEFAULT_TTL = 30


@dataclass(frozen=True, slots=True)
class Found:
    """One live hub or agent."""

    name: str
    ad: Advertisement
    addresses: tuple[str, ...]
    port: int


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # "added" | "updated" | "removed"
    found: Found
    reason: str = ""


@dataclass
class DiscoveryTable:
    """Pure core: what is live now, and which changes an observation makes."""

    entries: dict[str, Found] = field(default_factory=dict)

    def seen(self, found: Found) -> Change | None:
        old = self.entries.get(found.name)
        self.entries[found.name] = found
        if old is None:
            return Change("added", found)
        return None if old == found else Change("updated", found)

    def gone(self, name: str, reason: str) -> Change | None:
        old = self.entries.pop(name, None)
        return None if old is None else Change("removed", old, reason)

    def snapshot(self) -> list[Found]:
        return sorted(self.entries.values(), key=lambda f: (f.ad.role.value != "hub", f.ad.id))


def local_ipv4() -> list[str]:
    """Non-loopback IPv4 addresses of this host (what an advertisement should carry in the field)."""
    import ifaddr

    found = [
        ip.ip
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if isinstance(ip.ip, str) and not ip.ip.startswith("127.")
    ]
    return found or ["127.0.0.1"]


def _zeroconf(interfaces: list[str] | None) -> Any:
    from zeroconf import InterfaceChoice, IPVersion, Zeroconf

    return Zeroconf(interfaces=interfaces or InterfaceChoice.All, ip_version=IPVersion.V4Only)


class Advertiser:
    """Advertise one hub or agent; ``update`` changes the TXT record, ``close`` says goodbye."""

    def __init__(
        self,
        ad: Advertisement,
        port: int,
        *,
        addresses: list[str] | None = None,
        interfaces: list[str] | None = None,
        ttl: int = DEFAULT_TTL,
    ) -> None:
        self.ad, self.port, self.ttl = ad, port, ttl
        self.interfaces = interfaces
        self.addresses = addresses or (list(interfaces) if interfaces else local_ipv4())
        self._zc: Any = None
        self._info: Any = None
        self._lock = threading.Lock()

    def _service_info(self) -> Any:
        from zeroconf import ServiceInfo

        return ServiceInfo(
            SERVICE_TYPE,
            f"{self.ad.id}.{SERVICE_TYPE}",
            port=self.port,
            properties=self.ad.txt(),
            server=f"{self.ad.id}.local.",
            host_ttl=self.ttl,
            other_ttl=self.ttl,
            parsed_addresses=self.addresses,
        )

    def start(self) -> Advertiser:
        zc = _zeroconf(self.interfaces)
        with self._lock:
            info, registered_ad = self._service_info(), self.ad
        # Probing takes ~1.5 s; an update() meanwhile must not announce (it would collide with our own probe).
        zc.register_service(info, ttl=self.ttl)
        with self._lock:
            self._zc, self._info = zc, info
            if self.ad != registered_ad:
                self._info = self._service_info()
                zc.update_service(self._info)
        log.info("advertising %s (%s) on %s", self.ad.id, self.ad.role.value, ", ".join(self.addresses))
        return self

    def update(self, ad: Advertisement) -> None:
        """New TXT values (e.g. the config version after an apply); announced at once if registered."""
        with self._lock:
            self.ad = ad
            if self._zc is not None:
                self._info = self._service_info()
                self._zc.update_service(self._info)

    def close(self) -> None:
        """Say goodbye (records with TTL 0), so browsers drop this entry at once."""
        with self._lock:
            zc, self._zc = self._zc, None
        if zc is not None:
            zc.unregister_service(self._info)
            zc.close()

    def __enter__(self) -> Advertiser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


class Browser:
    """Browse ``_onestop._tcp``; ``on_change`` gets every Change (called from a worker thread)."""

    def __init__(
        self,
        on_change: Callable[[Change], None] | None = None,
        *,
        interfaces: list[str] | None = None,
        sweep_interval: float = 0.5,
    ) -> None:
        self.on_change = on_change
        self.interfaces = interfaces
        self.sweep_interval = sweep_interval
        self.table = DiscoveryTable()
        self._names: set[str] = set()
        self._last_query: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._zc: Any = None
        self._browser: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> Browser:
        from zeroconf import ServiceBrowser

        self._zc = _zeroconf(self.interfaces)
        self._browser = ServiceBrowser(self._zc, SERVICE_TYPE, handlers=[self._on_state])
        self._thread = threading.Thread(target=self._run, name="onestop-discovery", daemon=True)
        self._thread.start()
        return self

    def snapshot(self) -> list[Found]:
        with self._lock:
            return self.table.snapshot()

    def _emit(self, change: Change | None) -> None:
        if change is not None and self.on_change is not None:
            self.on_change(change)

    def _on_state(self, zeroconf: Any, service_type: str, name: str, state_change: Any) -> None:
        from zeroconf import ServiceStateChange

        with self._lock:
            self._names.add(name)
            change = (
                self.table.gone(name, "said goodbye") if state_change is ServiceStateChange.Removed else None
            )
        self._emit(change)

    def _query(self, name: str, now: float, every: float) -> None:
        if now - self._last_query.get(name, 0.0) < every:
            return
        from zeroconf import DNSOutgoing, DNSQuestion  # type: ignore[attr-defined]  # public, not in __all__
        from zeroconf.const import _CLASS_IN, _FLAGS_QR_QUERY, _TYPE_SRV, _TYPE_TXT

        out = DNSOutgoing(_FLAGS_QR_QUERY)
        out.add_question(DNSQuestion(name, _TYPE_SRV, _CLASS_IN))
        out.add_question(DNSQuestion(name, _TYPE_TXT, _CLASS_IN))
        self._zc.send(out)
        self._last_query[name] = now

    def _sweep_one(self, name: str) -> Change | None:
        from zeroconf import ServiceInfo
        from zeroconf.const import _CLASS_IN, _TYPE_SRV

        now = time.monotonic()
        info = ServiceInfo(SERVICE_TYPE, name)
        if not info.load_from_cache(self._zc):
            self._query(name, now, every=2.0)
            with self._lock:
                return self.table.gone(name, "stopped answering (record expired)")
        srv = self._zc.cache.get_all_by_details(name, _TYPE_SRV, _CLASS_IN)
        ms = time.time() * 1000
        if srv:
            freshest = max(srv, key=lambda r: r.get_expiration_time(100))
            if freshest.get_remaining_ttl(ms) < freshest.ttl / 2:
                self._query(name, now, every=max(freshest.ttl / 4, 0.5))
        try:
            ad = Advertisement.from_txt({k: v or "" for k, v in info.decoded_properties.items()})
        except ValueError as exc:
            log.debug("skipping %s: %s", name, exc)
            return None
        found = Found(name, ad, tuple(info.parsed_addresses()), int(info.port or 0))
        with self._lock:
            return self.table.seen(found)

    def _run(self) -> None:
        while not self._stop.wait(self.sweep_interval):
            with self._lock:
                names = sorted(self._names)
            for name in names:
                try:
                    self._emit(self._sweep_one(name))
                except Exception:  # a bad record from a foreign device must not stop the browser
                    log.exception("discovery sweep of %s failed", name)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._browser is not None:
            self._browser.cancel()
        if self._zc is not None:
            self._zc.close()

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def hostname_id() -> str:
    """A device-id-shaped name for this host (used for the hub's advertisement)."""
    name = "".join(c if c.isalnum() else "-" for c in socket.gethostname().lower()).strip("-")
    return (name or "host")[:40]
