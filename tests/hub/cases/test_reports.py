"""The SLA report read from the database agrees with the hand-computed fixture (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import CasePause
from hub.cases.reports import report
from hub.cases.service import Applicant, open_case

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "overdue_2025-10-20.json").read_text("utf-8"))


def _load_fixture(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        for row in FIXTURE["cases"]:
            case, _ = open_case(
                session,
                service_code="LAB-COMPLAINT",
                channel="counter",
                applicant=Applicant("測試"),
                consent=True,
                actor="t",
                public_url="http://x",
                today=date.fromisoformat(row["received"]),
            )
            case.agency, case.service = row["agency"], row["service"]
            case.limit_amount, case.limit_unit = row["limit"], row["unit"]
            for start, end in row["pauses"]:
                case.pauses.append(
                    CasePause(
                        paused_on=date.fromisoformat(start),
                        resumed_on=date.fromisoformat(end) if end else None,
                    )
                )
            if row["closed_on"]:
                case.status, case.closed_on = "closed", date.fromisoformat(row["closed_on"])


def test_report_from_the_database_matches_the_fixture(sessions: sessionmaker[Session]) -> None:
    _load_fixture(sessions)
    with sessions() as session:
        rep = report(session, date.fromisoformat(FIXTURE["today"]))
    for agency, expected in FIXTURE["by_agency"].items():
        t = rep.by_agency[agency]
        assert {"on_time": t.on_time, "late": t.late, "open": t.open, "overdue": t.overdue} == {
            k: v for k, v in expected.items() if k != "on_time_rate"
        }
    o = rep.overall
    assert {"on_time": o.on_time, "late": o.late, "open": o.open, "overdue": o.overdue} == FIXTURE["overall"]


def test_sla_api_needs_staff(client: TestClient, counter_auth: dict[str, str]) -> None:
    assert client.get("/api/v1/reports/sla").status_code == 401
    body = client.get("/api/v1/reports/sla", headers=counter_auth).json()
    assert body["overall"] == {"on_time": 0, "late": 0, "open": 0, "overdue": 0, "on_time_rate": None}
