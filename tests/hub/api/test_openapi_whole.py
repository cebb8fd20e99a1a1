"""schemathesis over the whole HTTP API (every operation in /openapi.json), anonymous and as a supervisor
(who passes every role check): no input the spec allows, nor a malformed one, makes a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.staff.accounts import create_user
from onestop.dev.fixtures import DevPkiFiles
from tests.hub.api.test_core_routes import RecordingLink


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("who", ["anonymous", "supervisor"])
def test_no_server_errors_anywhere(
    db_url: str, hub_engine: Engine, sessions: sessionmaker[Session], who: str, dev_pki: DevPkiFiles
) -> None:
    headers = {}
    if who == "supervisor":
        with sessions() as session, session.begin():
            headers["authorization"] = f"Bearer {create_user(session, 'fuzz.super', 'supervisor')}"
    hub_settings = load_settings(
        db_url=db_url,
        light_id_per_minute=10_000,
        trust_anchors=str(dev_pki.files["trust_anchors"]),  # card login configured, as a real hub is
        crl=str(dev_pki.files["crl"]),
        live_stream_s=0.5,  # each fuzzed call of a live stream reads it to its end (the least the setting allows)
    )
    link = RecordingLink(sessions)  # a connected broker link whose publishes are recorded
    app = create_app(hub_settings, engine=hub_engine, hub_link=link)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then report all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:300]}")
    assert not failures, "\n".join(failures)
