"""Counter ratings (seed 002 subsystem 7): keypad prompts after a case closes, presses attributed to cases,
very-dissatisfied and negative-share alarms pushed live to the supervisor and their buzzer, statistics, CSV.

Pure cores: ``attribution``, ``alarm_rules``, ``statistics``. Glue: ``models``, ``service``, ``handlers``
(MQTT ``rating.pressed``), ``api`` (API, SSE), ``pages`` (staff pages), ``runtime`` (alarm bus, command link).
A closed case reaches it as the ``hub.core.events.CaseClosed`` fact (``service._on_case_closed``).
"""

from fastapi import APIRouter, FastAPI

from hub.core.config import Settings, SettingsError
from hub.ratings import api, models, mqtt, pages
from hub.ratings.alarm_rules import RuleError, ShareRule
from hub.ratings.cli import register_cli
from hub.ratings.runtime import RUNTIME
from hub.ratings.service import counter_case_closed

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)


def bind_app(app: FastAPI) -> None:
    """Give the ratings runtime the app's HubLink (keypad prompts, the supervisor's buzzer) and share rule."""
    if app.state.hub_link is not None:  # an app without a broker link (tests, tools) leaves it as it was
        RUNTIME.bind(app.state.hub_link)
        RUNTIME.rule = share_rule(app.state.settings)
        RUNTIME.trace = app.state.settings.trace_latency


def share_rule(settings: Settings) -> ShareRule:
    """The share-of-negative-ratings rule from the hub's Settings; SettingsError naming the settings if unusable."""
    try:
        return ShareRule(
            window_ms=settings.rating_share_window_min * 60_000,
            min_count=settings.rating_share_min_count,
            raise_at=settings.rating_share_raise_pct / 100,
            clear_at=settings.rating_share_clear_pct / 100,
        )
    except RuleError as exc:
        raise SettingsError(
            f"hub settings rating_share_raise_pct / rating_share_clear_pct (env ONESTOP_HUB_RATING_SHARE_...): {exc}"
        ) from None


__all__ = ["bind_app", "counter_case_closed", "models", "mqtt", "register_cli", "router", "share_rule"]
