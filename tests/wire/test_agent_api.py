"""The agent's loopback API contract: bodies refuse unknown fields and send only what the caller set."""

from datetime import date

import pytest
from pydantic import ValidationError

from wire.agent_api import CaseReceiptBody, JobView, ReceiptBody, ScanBody

JOB = "ab" * 16


def test_a_body_sends_only_the_fields_its_caller_set() -> None:
    body = ReceiptBody(job=JOB, title="收據", lines=[("a", "b")], footer="")
    assert body.to_json() == {"job": JOB, "title": "收據", "lines": [["a", "b"]], "footer": ""}
    assert ScanBody().to_json() == {}


def test_a_body_names_the_field_it_refuses() -> None:
    with pytest.raises(ValidationError, match="case_no"):
        CaseReceiptBody.model_validate(
            {"job": JOB, "org": "o", "service": "s", "case_no": "no spaces", "filed_on": "2026-01-02"}
        )
    with pytest.raises(ValidationError, match="colour"):
        ScanBody.model_validate({"colour": True})


def test_a_job_view_mentions_the_citizen_only_when_uncertain() -> None:
    done = JobView(job=JOB, kind="receipt", state="done", attempts=1, reason="")
    assert "citizen" not in done.to_json()
    view = JobView(job=JOB, kind="receipt", state="uncertain", attempts=1, reason="", citizen="?")
    assert view.to_json()["citizen"] == "?"
    assert (
        CaseReceiptBody(job=JOB, org="o", service="s", case_no="C1", filed_on=date(2026, 1, 2)).to_json()[
            "filed_on"
        ]
        == "2026-01-02"
    )
