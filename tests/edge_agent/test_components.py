"""Health transitions to alarms (pure) and the component factory registry."""

import pytest

from edge_agent.components import COMPONENT_FACTORIES, alarms_for, load_factory
from wire import ComponentState
from wire.payloads.device import Alarm, ComponentHealth

OK = ComponentHealth(state=ComponentState.OK)
WARN = ComponentHealth(state=ComponentState.WARNING, reason="paper low")
ERR = ComponentHealth(state=ComponentState.ERROR, reason="out of paper")


def test_leaving_ok_raises_and_coming_back_clears() -> None:
    assert alarms_for({"printer": OK}, {"printer": ERR}) == [
        Alarm(component="printer", code="error", active=True, message="out of paper")
    ]
    assert alarms_for({"printer": ERR}, {"printer": OK}) == [
        Alarm(component="printer", code="error", active=False, message="")
    ]


def test_moving_between_warning_and_error_swaps_alarms() -> None:
    assert [(a.code, a.active) for a in alarms_for({"p": WARN}, {"p": ERR})] == [
        ("warning", False),
        ("error", True),
    ]


def test_no_change_and_new_ok_component_raise_nothing() -> None:
    assert alarms_for({"p": ERR}, {"p": ERR.model_copy(update={"reason": "still out"})}) == []
    assert alarms_for({}, {"p": OK}) == []
    assert [(a.component, a.active) for a in alarms_for({}, {"scanner": ERR})] == [("scanner", True)]


def test_unknown_factory_lists_what_is_known() -> None:
    with pytest.raises(KeyError, match="unknown component 'toaster'"):
        load_factory("toaster")
    assert "toaster" not in COMPONENT_FACTORIES
