"""The attack rig: a real Mosquitto with the project's generated password file, ACL and auth config, a real
``onestop hub serve`` over HTTP logged in with its own service account, and staff tokens for every role."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.provisioning.broker_auth import (
    DeviceGrant,
    ServiceAccount,
    hash_password,
    mosquitto_auth_config,
    new_password,
)
from hub.provisioning.broker_files import BrokerFiles
from hub.staff.accounts import create_user
from onestop.processes import Mosquitto
from tests.environment import unavailable
from tests.hub.provisioning.mqtt_probe import Probe
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates
from wire.codec import MAX_PAYLOAD_BYTES

SITE = "tpe-xinyi"
HOUSEHOLD, LAND = "民政局戶政事務所", "地政事務所"  # two agencies of the catalogue
DEVICES = ("tpe-xinyi-c01-keypad", "tpe-xinyi-c02-keypad")
#: keys the rig's hub runs with (not the built-in demo keys, which a real hub refuses)
KEYS = {
    "ONESTOP_HUB_LIGHT_ID_KEY": "rig-light-" + "a" * 40,
    "ONESTOP_HUB_ENROLMENT_ID_KEY": "rig-enrol-" + "b" * 40,
    "ONESTOP_HUB_QUERY_PASSWORD_KEY": "rig-query-" + "c" * 40,
}


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class Rig:
    broker: Mosquitto
    hub: HubProcess
    db_url: str
    passwords: dict[str, str]
    tokens: dict[str, str]
    probes: list[Probe] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.hub.port}"

    def http(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        if token:
            request.add_header("authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                status, payload, hdrs = resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            status, payload, hdrs = exc.code, exc.read(), dict(exc.headers)
        try:
            parsed: Any = json.loads(payload) if payload else None
        except ValueError:
            parsed = payload.decode(errors="replace")
        return Response(status, parsed, {k.lower(): v for k, v in hdrs.items()})

    def probe(self, user: str, client_id: str | None = None, password: str | None = None) -> Probe:
        p = Probe(self.broker.port, user, password or self.passwords[user], client_id)
        self.probes.append(p)
        return p


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory, migrated: MigratedTemplates) -> Iterator[Rig]:
    if shutil.which("mosquitto") is None:
        unavailable("mosquitto is not installed")
    tmp = tmp_path_factory.mktemp("rig")
    passwords = {name: new_password() for name in ("hub", "observer", *DEVICES)}
    files = BrokerFiles(tmp / "passwd", tmp / "acl")
    files.write(
        [DeviceGrant(d, hash_password(passwords[d]), SITE, d) for d in DEVICES],
        [
            ServiceAccount(name, hash_password(passwords[name])) for name in ("hub", "observer")
        ],  # observer: tests
    )
    config = mosquitto_auth_config(
        str(files.password_path), str(files.acl_path), message_size_limit=MAX_PAYLOAD_BYTES
    )
    # Running as root, Mosquitto drops to user "mosquitto", which cannot enter pytest's 0700 tmp dirs.
    broker = Mosquitto(workdir=tmp / "broker", extra_config="user root\n" + config).start()
    db_url = f"sqlite:///{tmp / 'hub.db'}"
    load_features()
    migrated.fill(db_url)  # a copy of the migrated template (tests/migrated.py)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        tokens = {
            role: create_user(session, f"{role}.one", role)  # city-wide: no agency
            for role in ("supervisor", "operator", "technician")
        }
        tokens["counter"] = create_user(session, "counter.one", "counter", agency=HOUSEHOLD)
        tokens["counter_other"] = create_user(session, "counter.two", "counter", agency=LAND)
    engine.dispose()
    env = {"ONESTOP_HUB_BROKER_USERNAME": "hub", "ONESTOP_HUB_BROKER_PASSWORD": passwords["hub"]}
    env |= {"ONESTOP_HUB_ADVERTISE": "false", "ONESTOP_HUB_DEAD_LETTER_MAX_ROWS": "50"}
    env |= {"ONESTOP_HUB_DEAD_LETTER_PRUNE_S": "0.2", "ONESTOP_HUB_HTTP_HEADER_TIMEOUT_S": "2", **KEYS}
    hub = HubProcess(db_url, broker.url, tmp, env=env).start()
    rig = Rig(broker, hub, db_url, passwords, tokens)
    try:
        yield rig
    finally:
        for p in rig.probes:
            p.close()
        hub.stop()
        broker.stop()
