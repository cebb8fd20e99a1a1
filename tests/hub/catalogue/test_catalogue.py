"""The shipped catalogue is realistic and valid; bad catalogues and staff edits are refused clearly."""

import pytest

from hub.catalogue.loader import parse_catalogue, parse_service, shipped_catalogue, with_edits
from hub.catalogue.model import CatalogueError, MilestoneKind
from hub.notify.templates import render

CAT = shipped_catalogue()


def test_at_least_twenty_services_from_several_agencies() -> None:
    assert len(CAT.services) >= 20
    assert len({s.agency for s in CAT.services}) >= 8
    assert {"kiosk", "counter", "online", "mail"} <= {c.value for s in CAT.services for c in s.channels}
    assert {"card", "light", "none"} == {s.identity.value for s in CAT.services}


def test_every_service_renders_every_milestone_without_leftover_braces() -> None:
    values = {"case_no": "K251121-7QX4M-Z3P9H", "name": "王小明", "amount": "30", "due_date": "2025-12-01"}
    for service in CAT.services:
        for m in service.milestones:
            for text in (m.email_subject, m.email, m.sms):
                out = render(text, {**values, "service": service.name, "agency": service.agency})
                assert "{" not in out and "}" not in out, (service.code, m.code)


def test_fee_total_counts_copies() -> None:
    assert CAT.get("HR-TRANSCRIPT").fee_total(copies=3) == 45
    assert CAT.get("CUL-VENUE-RENTAL").fee_total(copies=3) == 5000


def test_milestone_override_applies_only_to_that_service() -> None:
    assert "調解" in CAT.get("LAB-DISPUTE-MEDIATION").milestone("approved").sms
    assert "調解" not in CAT.get("ECO-BUSINESS-SUSPEND").milestone("approved").sms


def test_unknown_service_and_milestone_are_clear_errors() -> None:
    with pytest.raises(CatalogueError, match="GET /api/v1/services"):
        CAT.get("NOPE")
    with pytest.raises(CatalogueError, match="no milestone"):
        CAT.get("HR-TRANSCRIPT").milestone("nope")


BASE = """
milestones:
  received: {name: 受理, name_en: Received, kind: received, email_subject: s, email: e, sms: m}
  closed: {name: 結案, name_en: Closed, kind: closed, email_subject: s, email: e, sms: m}
  pay: {name: 繳費, name_en: Pay, kind: payment, email_subject: s, email: e, sms: "{amount}"}
services:
  - {code: A-1, name: a, name_en: a, agency: x, agency_en: x, channels: [counter], identity: none,
     time_limit: {amount: 3}, milestones: MS}
"""


@pytest.mark.parametrize(
    ("milestones", "message"),
    [
        ("[closed, received]", "first milestone"),
        ("[received]", "at least 2"),
        ("[received, pay, closed]", "needs at least one fee"),
        ("[received, nope, closed]", "not defined"),
        ("[received, received, closed]", "repeat"),
    ],
)
def test_bad_catalogues_are_refused(milestones: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(BASE.replace("MS", milestones))


def test_bad_template_is_refused_at_load() -> None:
    text = BASE.replace("MS", "[received, closed]").replace("sms: m}", "sms: '{nmae}'}", 1)
    with pytest.raises(CatalogueError, match="unknown placeholder"):
        parse_catalogue(text)


def test_staff_edit_overrides_shipped_service() -> None:
    data = CAT.get("HR-TRANSCRIPT").model_dump(mode="json")
    data["time_limit"] = {"amount": 2}
    edited = with_edits(CAT, {"HR-TRANSCRIPT": data})
    assert edited.get("HR-TRANSCRIPT").time_limit.amount == 2
    assert CAT.get("HR-TRANSCRIPT").time_limit.amount == 1
    assert len(edited.services) == len(CAT.services)


def test_bad_staff_edit_names_the_field() -> None:
    data = CAT.get("HR-TRANSCRIPT").model_dump(mode="json")
    data["time_limit"] = {"amount": 0}
    with pytest.raises(CatalogueError, match=r"time_limit\.amount"):
        parse_service(data)


def test_milestone_kinds_of_supplement_services() -> None:
    kinds = [m.kind for m in CAT.get("SW-EMERGENCY-AID").milestones]
    assert MilestoneKind.SUPPLEMENT in kinds
