"""The share rule comes from the hub's Settings; figures that cannot work are refused with the settings named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hub.api.app import create_app
from hub.core.config import SettingsError, load_settings
from hub.ratings import share_rule
from hub.ratings.runtime import RUNTIME
from tests.hub.ratings.conftest import RecordingLink


@pytest.fixture
def restore_runtime() -> Iterator[None]:
    link, rule = RUNTIME.link, RUNTIME.rule
    yield
    RUNTIME.bind(link)
    RUNTIME.rule = rule


def test_the_app_binds_its_link_and_share_rule(sqlite_url: str, restore_runtime: None) -> None:
    settings = load_settings(db_url=sqlite_url, rating_share_window_min=30, rating_share_min_count=8,
                             rating_share_raise_pct=50, rating_share_clear_pct=25)  # fmt: skip
    link = RecordingLink()
    create_app(settings, hub_link=link)  # type: ignore[arg-type]
    assert RUNTIME.link is link
    assert (RUNTIME.rule.window_ms, RUNTIME.rule.min_count, RUNTIME.rule.raise_at, RUNTIME.rule.clear_at) == (
        30 * 60_000, 8, 0.5, 0.25)  # fmt: skip


def test_a_clear_threshold_not_below_the_raise_threshold_is_refused(sqlite_url: str) -> None:
    settings = load_settings(db_url=sqlite_url, rating_share_raise_pct=30, rating_share_clear_pct=30)
    with pytest.raises(SettingsError, match=r"rating_share_raise_pct .* clear threshold 0.3 must be below"):
        share_rule(settings)


def test_out_of_range_settings_are_refused_when_loaded() -> None:
    with pytest.raises(SettingsError, match="rating_share_min_count"):
        load_settings(rating_share_min_count=0)
