"""The daily run (the ``nplus-e`` background task): yesterday's notices become signed files and go to the
agency's SFTP server without anyone pressing a button; a second round sends nothing again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from sqlalchemy.orm import Session, sessionmaker

from hub.background import BackgroundContext
from hub.core.config import load_settings
from hub.nplus_e import service
from hub.nplus_e.background import TASK, step
from hub.nplus_e.catalogue import ChangeKind, load
from hub.nplus_e.models import NplusEDelivery
from onestop.dev.sshd import PrivateSshd
from tests.hub.nplus_e.conftest import SECRET, HubKeys
from tests.hub.nplus_e.test_daily_batch_sftp import national_id
from wire import now_ms


def test_the_daily_task_builds_yesterday_and_delivers_once(
    db_url: str,
    sessions: sessionmaker[Session],
    hub_keys: HubKeys,
    sftp_servers: list[PrivateSshd],
    tmp_path: Path,
) -> None:
    server = PrivateSshd(hub_keys.ssh_public).start()
    sftp_servers.append(server)
    folder = server.agency_dir("gas-xinzhong")
    catalogue = load()
    yesterday_ms = now_ms() - 86_400_000 - 3_600_000 * 2  # safely yesterday in Taipei whatever the hour
    with sessions.begin() as session:
        form = service.ConsentIn(
            office="tc-dali", change=ChangeKind.MOVE, effective_date=date.today() - timedelta(days=1),
            national_id=national_id(9), name="吳俊傑", birth_date=date(1975, 3, 3), new_address="臺中市大里區1號",
            agencies=["gas-xinzhong"],
        )  # fmt: skip
        service.record_consent(session, form, "lin.counter", catalogue, SECRET, yesterday_ms)
        url = f"sftp://{server.user}@127.0.0.1:{server.port}/gas-xinzhong"
        service.set_destination(session, catalogue, "gas-xinzhong", url, server.host_public_key, None)
    key = tmp_path / "signing.pem"
    key.write_bytes(
        hub_keys.signer.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    settings = load_settings(
        db_url=db_url,
        nplus_e_signing_key=str(key),
        nplus_e_ssh_key=str(hub_keys.ssh_key),
        nplus_e_batch_hour=0,
    )
    context = BackgroundContext(settings=settings, sessions=sessions)
    step(context)
    names = sorted(p.name for p in folder.iterdir())
    day = service.taipei_day(yesterday_ms).isoformat()
    assert names == [f"nplus-e_{day}_gas-xinzhong.json", f"nplus-e_{day}_gas-xinzhong.manifest.json",
                     f"nplus-e_{day}_gas-xinzhong.manifest.json.sig"]  # fmt: skip
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    step(context)  # the next round: nothing to build, nothing due
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    with sessions() as session:
        row = session.get(NplusEDelivery, (day, "gas-xinzhong"))
        assert row is not None and (row.status, row.attempts) == ("delivered", 1)
    assert TASK.name == "nplus-e"
