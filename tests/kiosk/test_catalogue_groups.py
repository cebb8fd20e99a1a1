"""The kiosk lists services by group (seed 004:1700: the store menu shows groups, then their items): groups in
the hub's order, only what this citizen may use, an unknown group refused, an older hub's answer still shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.catalogue import OTHER, CatalogueCache, grouped, parse_catalogue, parse_groups
from kiosk.flow import KioskFlow, Msg, Screen
from onestop.dev.fake_agent import SAMPLE_GROUPS, SAMPLE_SERVICES, FakeAgent


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def flow(agent: FakeAgent, tmp_path: Path) -> KioskFlow:
    return KioskFlow(
        agent, cache=CatalogueCache(tmp_path / "catalogue.json"), today=lambda: dt.date(2026, 12, 4)
    )


def test_card_login_sees_every_group_in_the_hubs_order(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    assert flow.submit_pin("123456").screen is Screen.CATALOGUE
    groups = flow.catalogue_groups()
    assert [g.code for g, _ in groups] == ["CIVIL", "WELFARE", "LABOUR", "URBAN", "TAX", "POLICE"]
    civil = dict((g.code, s) for g, s in groups)["CIVIL"]
    assert [s.code for s in civil] == ["HR-TRANSCRIPT", "HOUSE-NUMBER"]
    assert groups[0][0].name("zh-TW") == "民政業務" and groups[0][0].name("en") == "Civil affairs"
    assert groups[0][0].elsewhere == 4


def test_light_identification_hides_groups_with_only_card_services(flow: KioskFlow) -> None:
    assert flow.submit_light_id("A123456789", "0540312").screen is Screen.CATALOGUE
    codes = [g.code for g, _ in flow.catalogue_groups()]
    assert codes == ["WELFARE", "LABOUR", "URBAN"]  # civil, tax and police services here all need the card
    assert flow.open_group("TAX").error == Msg("error.unknown_group") and flow.group is None


def test_open_and_close_a_group_and_unknown_group_changes_nothing(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    flow.submit_pin("123456")
    assert flow.open_group("LABOUR").error is None and flow.group == "LABOUR"
    step = flow.open_group("NOPE")
    assert step.error == Msg("error.unknown_group") and step.screen is None
    assert flow.group == "LABOUR"  # the bad tap changed nothing
    flow.close_group()
    assert flow.group is None
    flow.open_group("CIVIL")
    flow.reset()
    assert flow.group is None  # the next citizen starts at the groups


def test_an_answer_without_groups_lists_everything_under_one_group() -> None:
    body = {"version": 1, "services": [{**s, "group": None} for s in SAMPLE_SERVICES]}
    services, groups = parse_catalogue(body), parse_groups(body)
    assert groups == ()
    only = grouped(services, groups)
    assert len(only) == 1 and only[0][0] is OTHER and len(only[0][1]) == len(SAMPLE_SERVICES)


def test_a_malformed_group_is_skipped_and_its_services_go_under_other() -> None:
    bad = {"code": "tax!", "name": "", "name_en": "Taxes"}
    body = {"version": 1, "services": list(SAMPLE_SERVICES),
            "groups": [g for g in SAMPLE_GROUPS if g["code"] != "TAX"] + [bad]}  # fmt: skip
    groups = parse_groups(body)
    assert [g.code for g in groups] == ["CIVIL", "WELFARE", "LABOUR", "URBAN", "POLICE"]
    listed = grouped(parse_catalogue(body), groups)
    assert listed[-1][0] is OTHER and [s.code for s in listed[-1][1]] == ["TAX-SELF-USE"]


def test_groups_survive_offline_from_the_cache(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    flow.submit_pin("123456")  # cached
    flow.reset()
    flow.groups = ()
    agent.hub_online = False
    assert flow.submit_light_id("A123456789", "0540312").screen is Screen.CATALOGUE
    assert flow.catalogue_offline and [g.code for g, _ in flow.catalogue_groups()] == [
        "WELFARE",
        "LABOUR",
        "URBAN",
    ]
