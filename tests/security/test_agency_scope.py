"""Medium 5 of issue 13: counter staff of one agency neither see nor touch another agency's cases, over the API
and the staff pages (the real hub over HTTP); to them such a case does not exist."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.security.conftest import HOUSEHOLD, Rig

CASE = {"service": "HR-TRANSCRIPT", "channel": "counter", "applicant": {"name": "王小明"}, "consent": True}


@pytest.fixture(scope="module")
def case_no(rig: Rig) -> str:
    made = rig.http("POST", "/api/v1/cases", CASE, token=rig.tokens["counter"])
    assert made.status == 201, made.body
    return str(made.body["case_no"])


def test_the_own_agency_reads_its_case(rig: Rig, case_no: str) -> None:
    got = rig.http("GET", f"/api/v1/cases/{case_no}", token=rig.tokens["counter"])
    assert got.status == 200 and got.body["case_no"] == case_no


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/cases/{no}", None),
        ("POST", "/api/v1/cases/{no}/milestones", {"milestone": "closed"}),
        ("POST", "/api/v1/cases/{no}/receipt", None),
        ("GET", "/api/v1/cases/{no}/slips", None),
    ],
)
def test_another_agency_gets_404_from_the_api(
    rig: Rig, case_no: str, method: str, path: str, body: object
) -> None:
    got = rig.http(method, path.format(no=case_no), body, token=rig.tokens["counter_other"])
    assert got.status == 404 and case_no in got.body["detail"]


def test_another_agency_cannot_list_open_or_reset_it_on_the_pages(rig: Rig, case_no: str) -> None:
    other = rig.tokens["counter_other"]
    listing = rig.http("GET", f"/staff/cases?agency={quote(HOUSEHOLD)}&status=all", token=other)
    assert listing.status == 200 and case_no not in listing.body
    assert rig.http("GET", f"/staff/cases/{case_no}", token=other).status == 404
    assert rig.http("POST", f"/staff/cases/{case_no}/password", token=other).status == 404
    assert case_no in rig.http("GET", "/staff/cases?status=all", token=rig.tokens["counter"]).body


def test_another_agency_cannot_open_a_case_of_this_agencys_service(rig: Rig) -> None:
    got = rig.http("POST", "/api/v1/cases", CASE, token=rig.tokens["counter_other"])
    assert got.status == 403 and HOUSEHOLD in got.body["detail"]
