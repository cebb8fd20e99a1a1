"""The catalogue by touch: groups first, all on one page in large buttons; a group's services; back to the
groups; the count of services filed elsewhere; the accessibility check runs on each screen (fixtures)."""

from __future__ import annotations

from typing import Any

from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import login_with_card


def _group(kiosk: Any, code: str) -> Any:
    return next(b for b in kiosk.find("grid").children if b.code == code)


def test_groups_first_then_a_groups_services_then_back(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a card login WHEN the catalogue shows THEN six groups on one page, each with its count;
    tapping 勞工服務 lists its two services with the title 勞工服務 and the note of four filed elsewhere;
    「所有類別」 goes back to the groups."""
    login_with_card(kiosk, agent)
    screen = kiosk.screen
    assert screen.showing_groups and screen.pages == 1
    labels = [b.text for b in reversed(kiosk.find("grid").children)]
    assert labels[0] == "民政業務\n共 2 項" and len(labels) == 6
    heights = [b.height for b in kiosk.find("grid").children]
    assert min(heights) >= 90, heights  # large targets at 1280×800
    kiosk.tap(_group(kiosk, "LABOUR"))
    kiosk.wait_until(lambda: kiosk.screen.in_group)
    assert screen.heading == "勞工服務"
    assert {b.code for b in kiosk.find("grid").children} == {"JOB-SEEKER", "TRAINING-SIGNUP"}
    assert kiosk.find("note").text == "本類另有 4 項請上網或至臨櫃申辦"
    kiosk.tap(kiosk.find("all_groups"))
    kiosk.wait_until(lambda: kiosk.screen.showing_groups)
    assert kiosk.find("note").text == "" and len(kiosk.find("grid").children) == 6


def test_a_choice_in_a_group_opens_the_application(kiosk: Any, agent: FakeAgent) -> None:
    login_with_card(kiosk, agent)
    kiosk.tap(_group(kiosk, "CIVIL"))
    kiosk.wait_until(lambda: kiosk.screen.in_group)
    kiosk.tap(next(b for b in kiosk.find("grid").children if b.code == "HR-TRANSCRIPT"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    kiosk.tap(kiosk.find("back_bar"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    assert kiosk.screen.in_group and kiosk.screen.heading == "民政業務"  # back where the citizen was


def test_a_group_that_went_away_is_refused_and_the_groups_stay(kiosk: Any, agent: FakeAgent) -> None:
    """A stale tap (the group is no longer in the catalogue) says so and changes nothing."""
    login_with_card(kiosk, agent)
    stale = _group(kiosk, "TAX")
    kiosk.app.flow.groups = tuple(g for g in kiosk.app.flow.groups if g.code != "TAX")
    kiosk.app.flow.services = tuple(s for s in kiosk.app.flow.services if s.group != "TAX")
    kiosk.tap(stale)
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert kiosk.screen.showing_groups and kiosk.app.flow.group is None
    assert "沒有這個服務類別" in kiosk.screen_text()
