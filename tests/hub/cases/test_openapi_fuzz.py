"""schemathesis against the OpenAPI spec of the case, catalogue and payment routes: no input makes a 5xx."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from sqlalchemy import Engine

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.db.session import make_session_factory
from hub.staff.accounts import create_user

MY_PATHS = r"^/api/v1/(services|cases|progress|lookup|reports|settlements|applications|satisfaction)"


def test_no_server_errors(db_url: str, hub_engine: Engine) -> None:
    """GIVEN any request the spec allows (and malformed ones) for every case/catalogue/payment operation
    THEN the answer is never a 5xx (on SQLite and on PostgreSQL)."""
    with make_session_factory(hub_engine)() as session, session.begin():
        token = create_user(session, "fuzz.super", "supervisor")
    app = create_app(load_settings(db_url=db_url), engine=hub_engine)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex=MY_PATHS)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error], headers={"Authorization": f"Bearer {token}"})

        run()
