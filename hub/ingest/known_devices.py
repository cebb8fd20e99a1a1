"""Which devices the hub knows from a registry, not from their own messages, and the cap on all the others.

On a broker without the project's ACL any client can name a new device in a topic. A feature that keeps a
registry of devices (provisioning: a technician claimed it) registers a query of their ids with
``@known_devices``; ingest creates the row of any such device at its first message. A device in no registry
("unknown") gets a row only while fewer than ``max_unknown_devices`` unknown devices have one; the messages of
one more are dead-lettered (``unknown_device_cap``). Devices the hub already holds are never refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Select, func, select, text, union
from sqlalchemy.orm import Session

from hub.devices.models import Device

#: a query of the ids of the devices a feature knows (one column)
KnownIds = Callable[[], Select[tuple[str]]]
REASON = "unknown_device_cap"
_SOURCES: list[KnownIds] = []
#: held while unknown devices are counted and admitted, so two hubs never admit past the cap together
_PG_LOCK_KEY = 0x0E51D0C4


def known_devices(source: KnownIds) -> KnownIds:
    """Decorator: the ids the function's query selects are known devices (never counted against the cap)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def _known() -> Select[tuple[str]] | None:
    queries = [source() for source in _SOURCES]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else select(union(*queries).subquery().c[0])


def known_among(session: Session, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` that a registry knows."""
    wanted = set(ids)
    known = _known()
    if not wanted or known is None:
        return set()
    column = known.selected_columns[0]
    return set(session.scalars(known.where(column.in_(sorted(wanted)))))


def unknown_count(session: Session) -> int:
    """How many devices the hub holds that no registry knows."""
    query = select(func.count()).select_from(Device)
    known = _known()
    if known is not None:
        query = query.where(Device.id.not_in(known.scalar_subquery()))
    return int(session.scalar(query) or 0)


def admit(session: Session, new_ids: Iterable[str], cap: int | None) -> tuple[set[str], set[str]]:
    """Split devices the hub holds no row for into (admitted, refused). Known ones are always admitted; unknown
    ones (in id order) while fewer than ``cap`` unknown devices have a row; ``cap`` None admits every one.
    On PostgreSQL the count is taken under a transaction lock, so hubs sharing the database agree on it."""
    new = set(new_ids)
    if cap is None or not new:
        return new, set()
    unknown = sorted(new - known_among(session, new))
    if not unknown:
        return new, set()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        made_meanwhile = select(Device.id).where(Device.id.in_(unknown))  # by another hub, before the lock
        unknown = sorted(set(unknown) - set(session.scalars(made_meanwhile)))
    room = max(0, cap - unknown_count(session))
    refused = set(unknown[room:])
    return new - refused, refused


def refusal(device: str, cap: int) -> str:
    """The dead letter's message for a device refused by the cap: what happened and what to do."""
    return (
        f"device {device!r} was never provisioned and the hub already holds {cap:,} such devices "
        "(max_unknown_devices); claim it (onestop ctl provision) or raise ONESTOP_HUB_MAX_UNKNOWN_DEVICES. "
        "Nothing of this message was stored"
    )
