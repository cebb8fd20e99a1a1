"""The unknown devices' cap (issue 13 item 13): devices no registry knows get a row only up to the cap, the
messages of one more are dead letters, provisioned and already-held devices are never refused.
SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.devices.models import DeadLetter, Device, Event
from hub.ingest import known_devices
from hub.ingest.store import store_batch
from hub.provisioning.models import DeviceCredential
from tests.hub.ingest.test_store import birth, count, event, store

CAP = 3


def ids(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(Device.id).order_by(Device.id)))


def provision(sessions: sessionmaker[Session], device: str) -> None:
    """What a technician's claim leaves behind (``hub.provisioning.service.claim``)."""
    with sessions() as session, session.begin():
        session.add(DeviceCredential(device_id=device, username=device, password_hash="$7$x", site="s1",
                                     counter="", kind="kiosk", generation=1, issued_at=0))  # fmt: skip


def store_capped(sessions: sessionmaker[Session], *items, cap: int = CAP):  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        return store_batch(session, list(items), max_unknown_devices=cap)


def test_devices_beyond_the_cap_are_dead_lettered_and_nothing_of_them_stored(
    sessions: sessionmaker[Session],
) -> None:
    """GIVEN a cap of 3 WHEN 5 unknown devices send a birth and an event each in one batch
    THEN the first 3 (id order) have rows and events; the other 2's 4 messages are `unknown_device_cap`
    dead letters with the device named and the redacted excerpt, and no row or event of theirs exists."""
    flood = [m for n in range(5) for m in (birth(1, device=f"fake-{n}"), event(1, device=f"fake-{n}"))]
    result = store_capped(sessions, *flood)
    assert ids(sessions) == ["fake-0", "fake-1", "fake-2"]
    assert result.stored == 3 and result.dead_letters == 4
    assert set(result.acks) == {("s1", f"fake-{n}") for n in range(3)}  # refused events are not acked
    with sessions() as session:
        letters = session.scalars(select(DeadLetter).order_by(DeadLetter.id)).all()
        assert {d.reason for d in letters} == {known_devices.REASON}
        assert sorted({d.topic.split("/")[3] for d in letters}) == ["fake-3", "fake-4"]
        assert all("never provisioned" in d.message and "ONESTOP_HUB_MAX_UNKNOWN_DEVICES" in d.message
                   for d in letters)  # fmt: skip
        assert all('"device":"fake-' in d.payload_prefix for d in letters)  # the excerpt names it
        assert not any("completed" in d.payload_prefix for d in letters)  # and keeps no body value
        theirs = select(func.count()).select_from(Event).where(Event.device.in_(["fake-3", "fake-4"]))
        assert session.scalar(theirs) == 0


def test_devices_already_held_and_provisioned_ones_keep_working_once_the_cap_is_full(
    sessions: sessionmaker[Session],
) -> None:
    """GIVEN the cap filled by 3 unknown devices WHEN they, a 4th unknown device, and a provisioned device
    never seen before send events THEN all but the 4th are stored; provisioning the 4th lets it in."""
    store_capped(sessions, *(birth(1, device=f"fake-{n}") for n in range(3)))
    provision(sessions, "kiosk-real")
    result = store_capped(
        sessions, *(event(1, device=f"fake-{n}") for n in range(3)), event(1, device="kiosk-real"),
        event(1, device="fake-3"),
    )  # fmt: skip
    assert result.stored == 4 and result.dead_letters == 1
    assert ids(sessions) == ["fake-0", "fake-1", "fake-2", "kiosk-real"]
    provision(sessions, "fake-3")
    assert store_capped(sessions, event(1, device="fake-3")).stored == 1
    with sessions() as session:
        assert known_devices.unknown_count(session) == 3  # the two provisioned ones do not count


def test_a_cap_of_zero_takes_only_provisioned_devices(sessions: sessionmaker[Session]) -> None:
    provision(sessions, "kiosk-real")
    result = store_capped(sessions, event(1, device="stranger"), event(1, device="kiosk-real"), cap=0)
    assert result.stored == 1 and result.dead_letters == 1
    assert ids(sessions) == ["kiosk-real"]


def test_a_refused_flood_spread_over_batches_never_passes_the_cap(sessions: sessionmaker[Session]) -> None:
    """The cap counts the rows in the database, not one batch: 20 batches of 5 new devices leave 3 rows."""
    for batch in range(20):
        store_capped(sessions, *(event(1, device=f"fake-{batch}-{n}") for n in range(5)))
    with sessions() as session:
        assert known_devices.unknown_count(session) == CAP
    assert count(sessions, DeadLetter) == 100 - CAP


def test_without_a_cap_every_device_gets_a_row(sessions: sessionmaker[Session]) -> None:
    """``store_batch`` without ``max_unknown_devices`` (tests, tools) keeps the old behaviour."""
    store(sessions, *(event(1, device=f"fake-{n}") for n in range(10)))
    assert len(ids(sessions)) == 10
