"""Ratings in the database (SQLite and PostgreSQL): prompts after a case closes, attribution, alarms announced
only after COMMIT, acknowledgement with a note, own-figures filtering, and bad input that changes nothing."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.ingest.handlers import BATCH_INFO
from hub.ratings import service
from hub.ratings.models import Rating, RatingAlarm, RatingCounter, RatingPrompt
from hub.ratings.runtime import RatingsRuntime
from hub.ratings.service import RatingsError
from onestop.dev.waiting import wait_until
from tests.hub.ratings.conftest import RecordingLink
from wire import new_message_id as new_id
from wire import now_ms
from wire.payloads.ratings import KeypadBuzzer, KeypadLed, KeypadPrompt, RatingButton, RatingPressed


def press(session: Session, runtime: RatingsRuntime, button: RatingButton, prompt: str | None = None,
          counter: str = "c01", at: int | None = None) -> service.Recorded:  # fmt: skip
    body = RatingPressed(counter=counter, button=button, pressed_at=at or now_ms(), prompt=prompt)
    return service.record_press(session, site="tpe-xinyi", device=f"counter-pc-{counter[1:]}", event_id=new_id(),
                                body=body, runtime=runtime)  # fmt: skip


def test_closing_a_case_prompts_the_keypad_of_the_staff_members_counter_after_commit(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime, link: RecordingLink
) -> None:
    with sessions() as session, session.begin():
        prompt = service.counter_case_closed(session, "A1130000123", "HR-BIRTH", "wang.counter", runtime)
        assert prompt is not None
        assert link.sent == []  # nothing goes out before COMMIT
    [(site, device, body)] = link.wait_for(1)
    assert (site, device) == ("tpe-xinyi", "counter-pc-02")
    assert isinstance(body, KeypadPrompt) and body.counter == "c02" and body.prompt == prompt.id
    with sessions() as session:
        row = session.get(RatingPrompt, prompt.id)
        assert row is not None and (row.case_no, row.service, row.staff) == (
            "A1130000123",
            "HR-BIRTH",
            "wang.counter",
        )


def test_a_rolled_back_close_sends_no_prompt(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime, link: RecordingLink
) -> None:
    with sessions() as session:
        session.begin()
        service.counter_case_closed(session, "A1130000124", None, "lin.counter", runtime)
        session.rollback()
    assert link.wait_for(1, timeout=0.5) == []


def test_staff_without_a_counter_closes_a_case_and_nobody_is_prompted(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime, link: RecordingLink
) -> None:
    with sessions() as session, session.begin():
        assert service.counter_case_closed(session, "A1", None, "chen.super", runtime) is None
    assert link.wait_for(1, timeout=0.3) == []


def test_prompted_press_is_solicited_and_a_second_rating_of_the_prompt_is_not(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime
) -> None:
    with sessions() as session, session.begin():
        prompt = service.counter_case_closed(session, "A1130000125", "HR-MOVE", "lin.counter", runtime)
        assert prompt is not None
        prompt_id = prompt.id
    with sessions() as session, session.begin():
        first = press(session, runtime, RatingButton.SATISFIED, prompt_id).rating
        assert (first.status, first.reason, first.case_no, first.staff) == (
            "solicited", "prompted", "A1130000125", "lin.counter")  # fmt: skip
    with sessions() as session, session.begin():
        second = press(session, runtime, RatingButton.VERY_SATISFIED, prompt_id).rating
        assert (second.status, second.reason, second.case_no, second.staff) == (
            "unsolicited", "already_rated", None, None)  # fmt: skip


def test_a_press_with_no_case_nearby_is_kept_as_unsolicited(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime
) -> None:
    with sessions() as session, session.begin():
        rating = press(session, runtime, RatingButton.VERY_SATISFIED).rating
        assert (rating.status, rating.reason) == ("unsolicited", "no_recent_case")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 1


def test_very_dissatisfied_alarms_the_supervisor_after_commit(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime, link: RecordingLink
) -> None:
    heard: list[dict[str, object]] = []
    runtime.bus.listen(heard.append)
    with sessions() as session, session.begin():
        prompt = service.counter_case_closed(session, "A1130000126", None, "lin.counter", runtime)
        assert prompt is not None
        prompt_id = prompt.id
    link.wait_for(1)
    with sessions() as session, session.begin():
        recorded = press(session, runtime, RatingButton.VERY_DISSATISFIED, prompt_id)
        assert [a.kind for a in recorded.alarms] == ["very_dissatisfied"]
        assert heard == []  # not announced inside the transaction
    assert wait_until(lambda: len(heard) == 1)
    alarm = heard[0]["alarm"]
    assert heard[0]["type"] == "alarm"
    assert (
        isinstance(alarm, dict) and alarm["counter_name"] == "1號櫃檯" and alarm["case_no"] == "A1130000126"
    )
    assert "lin.counter" not in str(alarm)  # the dashboard gets the counter, never the staff member's name
    sent = link.wait_for(3)
    assert [(s, d, type(b)) for s, d, b in sent[1:]] == [
        ("tpe-xinyi", "sup-pc", KeypadBuzzer), ("tpe-xinyi", "sup-pc", KeypadLed)]  # fmt: skip
    assert sent[1][2].counter == "sup"  # type: ignore[attr-defined]


def test_a_traced_alarm_carries_its_way_through_the_hub_and_an_untraced_one_nothing(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime
) -> None:
    """Settings.trace_latency (benchmarks/rating_alarm.py): row, COMMIT begun, COMMIT done, in that order."""
    heard: list[dict[str, Any]] = []
    runtime.bus.listen(heard.append)
    with sessions() as session, session.begin():
        press(session, runtime, RatingButton.VERY_DISSATISFIED)
    wait_until(lambda: len(heard) == 1)
    assert "trace" not in heard[0]["alarm"]  # off unless asked for
    runtime.trace = True
    with sessions() as session, session.begin():
        session.info[BATCH_INFO] = (time.time() * 1000, 3)  # as the ingest writer sets it
        press(session, runtime, RatingButton.VERY_DISSATISFIED, counter="c02")
        assert len(heard) == 1
    wait_until(lambda: len(heard) == 2)
    trace = heard[1]["alarm"]["trace"]
    assert trace["batch_size"] == 3
    assert trace["batch_at"] <= trace["row_at"] <= trace["commit_at"] <= trace["committed_at"]


def test_negative_share_raises_one_alarm_and_acknowledgement_keeps_it_in_history(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime, link: RecordingLink
) -> None:
    kinds = []
    for button in [RatingButton.SATISFIED] * 3 + [RatingButton.DISSATISFIED] * 3:
        with sessions() as session, session.begin():
            prompt = service.counter_case_closed(session, new_id()[:12], None, "lin.counter", runtime)
            assert prompt is not None
            kinds += [a.kind for a in press(session, runtime, button, prompt.id).alarms]
    assert kinds == ["negative_share"]  # raised at the fifth (2 of 5), not again at the sixth
    with sessions() as session, session.begin():
        [alarm] = service.open_alarms(session, "tpe-xinyi")
        service.acknowledge(session, alarm["id"], "chen.super", "  已到櫃檯了解，民眾等候過久 ", runtime)
    with sessions() as session:
        assert service.open_alarms(session) == []
        [kept] = service.alarm_history(session)
        assert kept["note"] == "已到櫃檯了解，民眾等候過久" and kept["acknowledged_by"] == "chen.super"


@pytest.mark.parametrize(
    ("note", "alarm_id", "message"),
    [("", None, "note of 1-500"), ("x" * 501, None, "note of 1-500"), ("ok", 999_999, "no alarm 999999")],
)
def test_a_bad_acknowledgement_is_refused_and_changes_nothing(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime, note: str,
    alarm_id: int | None, message: str,
) -> None:  # fmt: skip
    with sessions() as session, session.begin():
        press(session, runtime, RatingButton.VERY_DISSATISFIED)
    with sessions() as session:
        target = alarm_id or session.scalar(select(RatingAlarm.id))
        assert target is not None
        with pytest.raises(RatingsError, match=message):
            service.acknowledge(session, target, "chen.super", note, runtime)
        session.rollback()
    with sessions() as session:
        assert len(service.open_alarms(session)) == 1


def test_acknowledging_twice_is_a_conflict(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime
) -> None:
    with sessions() as session, session.begin():
        alarm = press(session, runtime, RatingButton.VERY_DISSATISFIED).alarms[0]
        alarm_id = alarm.id
    with sessions() as session, session.begin():
        service.acknowledge(session, alarm_id, "chen.super", "handled", runtime)
    with sessions() as session, pytest.raises(RatingsError, match="already acknowledged") as err:
        service.acknowledge(session, alarm_id, "chen.super", "again", runtime)
    assert err.value.status == 409


def test_staff_see_only_their_own_figures(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime
) -> None:
    for staff, button in [
        ("lin.counter", RatingButton.SATISFIED),
        ("wang.counter", RatingButton.DISSATISFIED),
    ]:
        with sessions() as session, session.begin():
            prompt = service.counter_case_closed(session, new_id()[:12], None, staff, runtime)
            assert prompt is not None
            press(session, runtime, button, prompt.id, counter=prompt.counter)
    with sessions() as session:
        mine = service.stat_rows(session, 0, now_ms() + 1, staff="lin.counter")
        everyone = service.stat_rows(session, 0, now_ms() + 1)
    assert [r.button for r in mine] == [RatingButton.SATISFIED]
    assert sorted(r.counter for r in everyone) == ["c01", "c02"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tpe-xinyi", "C 01", "pc-1", "x"), "counter id"),
        (("tpe-xinyi", "c09", "PC_1", "x"), "device"),
        (("tpe-xinyi", "c09", "pc-1", " "), "name must be 1-100 characters of plain text"),
        (("tpe-xinyi", "c09", "pc-1", "1號\x00"), "plain text"),
        (("tpe-nowhere", "c09", "pc-1", "x"), "office tpe-nowhere is not configured"),
    ],
)
def test_bad_counter_configuration_is_refused_and_changes_nothing(
    sessions: sessionmaker[Session], office: dict[str, str], args: tuple[str, str, str, str], message: str
) -> None:
    with sessions() as session, pytest.raises(RatingsError, match=message):
        service.configure_counter(session, *args)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(RatingCounter)) == 2


def test_an_office_buzzer_needs_both_device_and_counter(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, pytest.raises(RatingsError, match="both a device and its keypad"):
        service.configure_office(session, "tpe-daan", "大安", "sup-pc", None)


def test_two_hubs_rating_the_same_prompt_at_once_count_it_once(
    sessions: sessionmaker[Session], office: dict[str, str], runtime: RatingsRuntime, db_url: str
) -> None:
    """GIVEN two hub processes that both read the prompt as unrated WHEN the first commits its rating THEN the
    second's claim (UPDATE ... WHERE rated = false) finds nothing and its press is kept as unsolicited."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer: the second transaction cannot have read before the first wrote")
    with sessions() as session, session.begin():
        prompt = service.counter_case_closed(session, "A1130000127", None, "lin.counter", runtime)
        assert prompt is not None
        prompt_id = prompt.id
    with sessions() as slow:
        slow.begin()
        assert slow.get(RatingPrompt, prompt_id) is not None  # this hub read the prompt as unrated ...
        with sessions() as fast, fast.begin():  # ... and the other hub rated it meanwhile
            assert press(fast, runtime, RatingButton.SATISFIED, prompt_id).rating.status == "solicited"
        late = press(slow, runtime, RatingButton.VERY_SATISFIED, prompt_id).rating
        assert (late.status, late.reason, late.case_no) == ("unsolicited", "already_rated", None)
        slow.commit()
