"""schemathesis against the auth API (challenge, card, logout, light): no input makes a 5xx."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from sqlalchemy import Engine

from hub.api.app import create_app
from hub.core.config import load_settings
from onestop.dev.fixtures import DevPkiFiles


def test_no_server_errors(db_url: str, hub_engine: Engine, dev_pki: DevPkiFiles) -> None:
    """GIVEN any request the spec allows (and malformed ones) for every auth operation THEN the answer is
    never a 5xx (on SQLite and on PostgreSQL); the light route's rate limit is high enough to be reached."""
    app = create_app(
        load_settings(
            db_url=db_url,
            trust_anchors=str(dev_pki.files["trust_anchors"]),
            crl=str(dev_pki.files["crl"]),
            light_id_per_minute=20,
        ),
        engine=hub_engine,
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex=r"^/api/v1/auth/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        run()
