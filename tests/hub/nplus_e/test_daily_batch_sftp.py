"""Acceptance: a day of 200 changes to 71 agencies goes out as signed files over real SFTP (OpenSSH sshd);
one agency's server is down for two tries and gets its files on the third; nothing lost or doubled; a re-run
is byte-identical; a wrong host key is refused."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.nplus_e import service
from hub.nplus_e.catalogue import ChangeKind, load
from hub.nplus_e.delivery import deliverer_factory
from hub.nplus_e.models import NplusEConsent, NplusEDelivery, NplusENotice
from hub.nplus_e.retry import RetryPolicy
from hub.nplus_e.signing import verify
from onestop.dev.sshd import PrivateSshd
from tests.hub.nplus_e.conftest import SECRET, HubKeys

DAY = date(2026, 12, 3)
POLICY = RetryPolicy(first_s=60, factor=2, cap_s=3600, max_attempts=6)


def at(day: date, hour: int, minute: int = 0) -> int:
    return int(datetime(day.year, day.month, day.day, hour, minute, tzinfo=service.TAIPEI).timestamp() * 1000)


def national_id(n: int) -> str:
    """A valid national ID (check digit computed), different for every n."""
    body = f"A1{n:07d}"
    digits = [1, 0] + [int(c) for c in body[1:]]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)
    check = (10 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
    return body + str(check)


def file_200_changes(sessions: sessionmaker[Session]) -> set[tuple[str, str]]:
    catalogue = load()
    codes = [a.code for a in catalogue.agencies]
    rng = random.Random(16)
    expected: set[tuple[str, str]] = set()
    with sessions.begin() as session:
        for n in range(200):
            ticked = (
                rng.sample(codes, rng.randint(1, 12)) if n >= 71 else [codes[n]]
            )  # every agency at least once
            form = service.ConsentIn(
                office="tc-xitun",
                change=ChangeKind.MOVE,
                effective_date=DAY,
                national_id=national_id(n),
                name=f"測試民眾{n}",
                birth_date=date(1980, 1, 1 + n % 28),
                old_address="臺中市東勢區第一街1號",
                new_address=f"臺中市西屯區臺灣大道三段{n + 1}號",
                agencies=ticked,
            )
            consent = service.record_consent(session, form, "lin.counter", catalogue, SECRET, at(DAY, 9) + n)
            expected |= {(consent.id, code) for code in ticked}
    return expected


def server_records(server: PrivateSshd, agency: str) -> list[str]:
    folder = server.root / agency
    names = sorted(p.name for p in folder.iterdir())
    stem = f"nplus-e_{DAY.isoformat()}_{agency}"
    assert names == [f"{stem}.json", f"{stem}.manifest.json", f"{stem}.manifest.json.sig"], names
    return [r["notice_id"] for r in json.loads((folder / f"{stem}.json").read_text())["records"]]


@pytest.mark.slow
def test_a_day_of_200_changes_reaches_71_agencies_once_despite_a_server_down_for_two_tries(
    sessions: sessionmaker[Session], hub_keys: HubKeys, sftp_servers: list[PrivateSshd]
) -> None:
    catalogue = load()
    expected = file_200_changes(sessions)
    assert {agency for _, agency in expected} == {a.code for a in catalogue.agencies}
    up = PrivateSshd(hub_keys.ssh_public).start()
    down = PrivateSshd(hub_keys.ssh_public)  # configured, its port chosen, not started yet
    sftp_servers += [up, down]
    flaky = "water-4"
    with sessions.begin() as session:
        for agency in catalogue.agencies:
            server = down if agency.code == flaky else up
            server.agency_dir(agency.code)
            url = f"sftp://{server.user}@127.0.0.1:{server.port}/{agency.code}"
            service.set_destination(session, catalogue, agency.code, url, server.host_public_key, None)

    # GIVEN the day is over WHEN the batch is built THEN one signed file set per agency, 71 deliveries pending
    t0 = at(date(2026, 12, 4), 2)  # 02:00 the next day, after the batch hour
    with sessions.begin() as session:
        assert service.days_to_build(session, t0, batch_hour=1) == [DAY]
        result = service.build_day(session, DAY, catalogue, hub_keys.signer, t0)
    assert (result.built, result.unchanged, result.records) == (71, 0, len(expected))

    deliver = deliverer_factory(hub_keys.ssh_key)
    first = service.deliver_due(sessions, t0, deliver, POLICY)  # type: ignore[arg-type]
    assert len(first) == 71 and [a.agency for a in first if not a.ok] == [flaky]
    assert service.deliver_due(sessions, t0 + 59_000, deliver, POLICY) == []  # type: ignore[arg-type]
    second = service.deliver_due(sessions, t0 + 60_000, deliver, POLICY)  # type: ignore[arg-type]
    assert [(a.agency, a.ok) for a in second] == [(flaky, False)]
    down.start()  # the agency's server is back
    assert service.deliver_due(sessions, t0 + 60_000 + 119_000, deliver, POLICY) == []  # type: ignore[arg-type]
    third = service.deliver_due(sessions, t0 + 180_000, deliver, POLICY)  # type: ignore[arg-type]
    assert [(a.agency, a.ok) for a in third] == [(flaky, True)]
    assert service.deliver_due(sessions, t0 + 10**8, deliver, POLICY) == []  # type: ignore[arg-type]

    with sessions() as session:
        rows = {r.agency: r for r in session.scalars(select(NplusEDelivery))}
    assert {r.status for r in rows.values()} == {"delivered"}
    assert rows[flaky].attempts == 3 and {r.attempts for a, r in rows.items() if a != flaky} == {1}

    # nothing lost, nothing doubled: the servers hold every (consent, agency) notice exactly once
    seen: list[tuple[str, str]] = []
    for agency in catalogue.agencies:
        server = down if agency.code == flaky else up
        for notice_id in server_records(server, agency.code):
            consent_id, _, code = notice_id.partition("-")
            assert code == agency.code
            seen.append((consent_id, code))
    assert len(seen) == len(set(seen)) == len(expected) and set(seen) == expected

    # the files verify: manifest hash = data file, signature by the hub's key over the manifest
    stem = f"nplus-e_{DAY.isoformat()}_{flaky}"
    folder = down.root / flaky
    manifest = (folder / f"{stem}.manifest.json").read_bytes()
    data = (folder / f"{stem}.json").read_bytes()
    assert json.loads(manifest)["files"][0]["sha256"] == hashlib.sha256(data).hexdigest()
    assert verify(hub_keys.signer.public_pem(), manifest, (folder / f"{stem}.manifest.json.sig").read_bytes())
    assert not verify(hub_keys.signer.public_pem(), manifest.replace(b"water", b"Water"), b"AAAA")

    # a re-run of the same day is byte-identical (it compares against the stored, delivered files)
    before = {p: p.read_bytes() for p in up.root.rglob("*.json*")}
    with sessions.begin() as session:
        again = service.build_day(session, DAY, catalogue, hub_keys.signer, t0 + 10**8)
    assert (again.built, again.unchanged) == (0, 71)
    assert {p: p.read_bytes() for p in up.root.rglob("*.json*")} == before


def test_a_wrong_host_key_is_refused_and_nothing_is_sent(
    sessions: sessionmaker[Session], hub_keys: HubKeys, sftp_servers: list[PrivateSshd]
) -> None:
    catalogue = load()
    server = PrivateSshd(hub_keys.ssh_public).start()
    impostor = PrivateSshd(hub_keys.ssh_public)  # another server's host key: what a man in the middle shows
    sftp_servers += [server, impostor]
    folder = server.agency_dir("cht-taichung")
    with sessions.begin() as session:
        form = service.ConsentIn(
            office="tc-beitun",
            change=ChangeKind.NAME,
            effective_date=DAY,
            national_id=national_id(7),
            name="王小明",
            birth_date=date(1990, 5, 6),
            new_name="王大明",
            agencies=["cht-taichung"],
        )
        service.record_consent(session, form, "lin.counter", catalogue, SECRET, at(DAY, 11))
        url = f"sftp://{server.user}@127.0.0.1:{server.port}/cht-taichung"
        service.set_destination(session, catalogue, "cht-taichung", url, impostor.host_public_key, None)
        service.build_day(session, DAY, catalogue, hub_keys.signer, at(date(2026, 12, 4), 2))
    attempts = service.deliver_due(sessions, at(date(2026, 12, 4), 2), deliverer_factory(hub_keys.ssh_key))  # type: ignore[arg-type]
    refused = [a for a in attempts if a.agency == "cht-taichung"]
    assert len(refused) == 1 and not refused[0].ok and "not the pinned one" in refused[0].detail
    assert list(folder.iterdir()) == []
    with sessions() as session:
        row = session.get(NplusEDelivery, (DAY.isoformat(), "cht-taichung"))
        assert row is not None and row.status == "failed"  # permanent: staff must look, no blind retries


def test_a_consent_without_agencies_or_for_an_unknown_office_changes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    catalogue = load()
    good = dict(
        office="tc-xitun",
        change=ChangeKind.MOVE,
        effective_date=DAY,
        national_id=national_id(1),
        name="王小明",
        birth_date=date(1990, 5, 6),
        new_address="臺中市西屯區1號",
        agencies=["cht-taichung"],
    )
    with pytest.raises(ValueError, match="at least one agency"):
        service.ConsentIn(**{**good, "agencies": []})
    for change, field in [({"office": "tc-atlantis"}, "office"), ({"agencies": ["nope"]}, "agencies")]:
        with sessions.begin() as session, pytest.raises(service.NplusEError) as caught:
            service.record_consent(
                session, service.ConsentIn(**{**good, **change}), "x", catalogue, SECRET, at(DAY, 9)
            )
        assert caught.value.field == field
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(NplusEConsent)) == 0
        assert session.scalar(select(func.count()).select_from(NplusENotice)) == 0
