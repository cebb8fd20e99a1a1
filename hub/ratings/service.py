"""Ratings in the database: counters and offices, prompts after a case closes, presses with their attribution,
alarms (raised, announced after COMMIT, acknowledged with a note), and the rows the statistics read."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from hub.core.events import CaseClosed, react
from hub.core.live import after_commit
from hub.ingest.handlers import BATCH_INFO
from hub.ratings.alarm_rules import AlarmKind, ShareDecision, ShareRule, alarms_at_once, evaluate_share
from hub.ratings.attribution import (
    CLOCK_SKEW_MS,
    PROMPT_WINDOW_MS,
    Press,
    PromptInfo,
    Reason,
    Status,
    attribute,
)
from hub.ratings.models import Rating, RatingAlarm, RatingCounter, RatingOffice, RatingPrompt
from hub.ratings.runtime import RUNTIME, RatingsRuntime
from hub.ratings.statistics import RatingRow
from hub.staff.accounts import audit
from wire import now_ms
from wire.ids import check_device_id, check_site_id
from wire.payloads.ratings import (
    BuzzerPattern,
    KeypadBuzzer,
    KeypadLed,
    KeypadPrompt,
    LedColor,
    LedMode,
    RatingButton,
    RatingPressed,
)

_COUNTER_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
_STAFF_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")  # hub.staff account names
_CASE_RE = re.compile(r"^[A-Za-z0-9-]{1,32}$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PROMPT_TIMEOUT_S = 60  # the keypad keeps the prompt open this long (its voice clip asks once)
ALARM_BUZZ_S = 10
NOTE_MAX = 500


class RatingsError(ValueError):
    """A ratings operation that cannot be done; ``status`` is the HTTP status that fits."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


def _check_counter(counter: str) -> str:
    if not _COUNTER_RE.fullmatch(counter):
        raise RatingsError(f"counter id {counter!r} must be 1-32 of a-z 0-9 -, e.g. c01")
    return counter


def _check_text(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value or len(value) > limit or _CONTROL_RE.search(value):
        raise RatingsError(f"{what} must be 1-{limit} characters of plain text")
    return value


def _check_ids(site: str, device: str | None = None) -> None:
    try:
        check_site_id(site)
        if device is not None:
            check_device_id(device)
    except ValueError as exc:
        raise RatingsError(str(exc)) from None


# -- configuration ------------------------------------------------------------------------------------
def configure_office(
    session: Session,
    site: str,
    name: str,
    buzzer_device: str | None = None,
    buzzer_counter: str | None = None,
) -> RatingOffice:
    """Create or update an office; the supervisor's buzzer is the keypad ``buzzer_counter`` on ``buzzer_device``."""
    _check_ids(site, buzzer_device)
    if (buzzer_device is None) != (buzzer_counter is None):
        raise RatingsError(
            "give the supervisor's buzzer as both a device and its keypad's counter, or neither"
        )
    if buzzer_counter is not None:
        _check_counter(buzzer_counter)
    name = _check_text(name, "an office's name", 100)
    office = session.get(RatingOffice, site) or RatingOffice(site=site)
    office.name, office.buzzer_device, office.buzzer_counter = name, buzzer_device, buzzer_counter
    session.add(office)
    return office


def configure_counter(
    session: Session, site: str, counter: str, device: str, name: str, staff: str | None = None
) -> RatingCounter:
    """Create or update a counter: the agent hosting its keypad and the staff account on duty there."""
    _check_ids(site, device)
    _check_counter(counter)
    name = _check_text(name, "a counter's name", 100)
    if staff is not None and not _STAFF_RE.fullmatch(staff):
        raise RatingsError(f"staff {staff!r} is not an account name (2-32 of a-z 0-9 . _ -)")
    if session.get(RatingOffice, site) is None:
        raise RatingsError(f"office {site} is not configured; add it first", 404)
    row = session.get(RatingCounter, (site, counter)) or RatingCounter(site=site, counter=counter)
    row.device, row.name, row.staff = device, name, staff
    session.add(row)
    return row


# -- prompts --------------------------------------------------------------------------------------------
def prompt_counter(
    session: Session,
    site: str,
    counter: str,
    *,
    case_no: str | None = None,
    service: str | None = None,
    staff: str | None = None,
    now: int | None = None,
    runtime: RatingsRuntime = RUNTIME,
) -> RatingPrompt:
    """Record a prompt and, after COMMIT, tell that counter's keypad to ask (voice + light)."""
    _check_ids(site)
    _check_counter(counter)
    if case_no is not None and not _CASE_RE.fullmatch(case_no):
        raise RatingsError(f"case number {case_no!r} is not one (letters, digits and '-')")
    row = session.get(RatingCounter, (site, counter))
    if row is None:
        raise RatingsError(f"counter {site}/{counter} is not configured", 404)
    prompt = RatingPrompt(id=secrets.token_hex(8), site=site, counter=counter, case_no=case_no,
                          service=service, staff=staff, created_at=now or now_ms(), rated=False)  # fmt: skip
    session.add(prompt)
    command = KeypadPrompt(counter=counter, prompt=prompt.id, timeout_s=PROMPT_TIMEOUT_S)
    device = row.device
    after_commit(session, lambda: runtime.command(site, device, command))
    return prompt


def counter_case_closed(
    session: Session, case_no: str, service: str | None, actor: str, runtime: RatingsRuntime = RUNTIME
) -> RatingPrompt | None:
    """A case was closed by ``actor``; prompt the keypad of the counter they work at (None: no such counter)."""
    counter = session.scalar(select(RatingCounter).where(RatingCounter.staff == actor).limit(1))
    if counter is None:
        return None  # closed away from a counter with a keypad (back office, API): nobody to ask
    return prompt_counter(session, counter.site, counter.counter, case_no=case_no, service=service,
                          staff=actor, runtime=runtime)  # fmt: skip


@react(CaseClosed)
def _on_case_closed(session: Session, fact: CaseClosed) -> None:
    """The reaction to ``CaseClosed`` (published by hub.cases once the closing commits)."""
    counter_case_closed(session, fact.case_no, fact.service, fact.actor)


# -- presses ------------------------------------------------------------------------------------------
def _info(p: RatingPrompt) -> PromptInfo:
    return PromptInfo(p.id, p.site, p.counter, p.created_at, p.rated, p.case_no)


@dataclass(frozen=True, slots=True)
class Recorded:
    rating: Rating
    alarms: list[RatingAlarm]


def record_press(
    session: Session,
    *,
    site: str,
    device: str,
    event_id: str,
    body: RatingPressed,
    received_at: int | None = None,
    rule: ShareRule | None = None,
    runtime: RatingsRuntime = RUNTIME,
) -> Recorded:
    """Store a press with its attribution, raise the alarms it causes, and announce them after COMMIT."""
    named = session.get(RatingPrompt, body.prompt) if body.prompt else None
    recent: list[RatingPrompt] = []
    if body.prompt is None:
        since = body.pressed_at - PROMPT_WINDOW_MS - CLOCK_SKEW_MS
        recent = list(session.scalars(
            select(RatingPrompt)
            .where(RatingPrompt.site == site, RatingPrompt.counter == body.counter, RatingPrompt.created_at >= since)
            .order_by(RatingPrompt.created_at.desc()).limit(5)
        ))  # fmt: skip
    press = Press(site, body.counter, body.pressed_at, body.prompt)
    verdict = attribute(press, _info(named) if named else None, [_info(p) for p in recent])
    prompt = verdict.prompt
    if prompt is not None:  # claim the prompt; a concurrent rating of it loses (rowcount 0)
        claimed = session.execute(
            update(RatingPrompt)
            .where(RatingPrompt.id == prompt.id, RatingPrompt.rated.is_(False))
            .values(rated=True)
        ).rowcount  # type: ignore[attr-defined]
        if not claimed:
            prompt = None
    status = Status.SOLICITED if prompt else Status.UNSOLICITED
    reason = Reason.ALREADY_RATED if verdict.prompt is not None and prompt is None else verdict.reason
    source = session.get(RatingPrompt, prompt.id) if prompt else None
    rating = Rating(
        event_id=event_id, site=site, counter=body.counter, device=device, button=body.button.value,
        pressed_at=body.pressed_at, received_at=received_at or now_ms(), status=status.value,
        reason=reason.value, prompt_id=prompt.id if prompt else None, case_no=prompt.case_no if prompt else None,
        service=source.service if source else None, staff=source.staff if source else None,
    )  # fmt: skip
    session.add(rating)
    session.flush()
    now = now_ms()
    alarms: list[RatingAlarm] = []
    if alarms_at_once(body.button):
        alarms.append(RatingAlarm(site=site, counter=body.counter, kind=AlarmKind.VERY_DISSATISFIED.value,
                                  rating_id=rating.id, case_no=rating.case_no, solicited=status is Status.SOLICITED,
                                  pressed_at=body.pressed_at, raised_at=now))  # fmt: skip
    if status is Status.SOLICITED:
        alarms.extend(_share_rule(session, site, body.counter, body.pressed_at, now, rule or runtime.rule))
    session.add_all(alarms)
    session.flush()
    if alarms:
        messages = [alarm_message(a, _counter_name(session, a.site, a.counter)) for a in alarms]
        buzzer = _buzzer(session, site)
        if runtime.trace:
            _trace(session, messages)
        after_commit(session, lambda: _announce(runtime, messages, buzzer))
    return Recorded(rating, alarms)


def _trace(session: Session, messages: list[dict[str, Any]]) -> None:
    """Settings.trace_latency: stamp the alarms' way through the hub (ms, wall clock) for the benchmark."""
    batch_at, batch_size = session.info.get(BATCH_INFO, (None, None))
    trace: dict[str, Any] = {"batch_at": batch_at, "batch_size": batch_size, "row_at": time.time() * 1000}
    for message in messages:
        message["trace"] = trace

    def committing(_session: Session) -> None:
        trace.setdefault("commit_at", time.time() * 1000)

    event.listen(session, "before_commit", committing, once=True)


def _share_rule(
    session: Session, site: str, counter: str, at: int, now: int, rule: ShareRule
) -> list[RatingAlarm]:
    rows = session.execute(
        select(Rating.pressed_at, Rating.button).where(
            Rating.site == site, Rating.counter == counter, Rating.status == Status.SOLICITED.value,
            Rating.pressed_at > at - rule.window_ms, Rating.pressed_at <= at)
    ).all()  # fmt: skip
    active = session.scalar(
        select(RatingAlarm).where(RatingAlarm.site == site, RatingAlarm.counter == counter,
                                  RatingAlarm.kind == AlarmKind.NEGATIVE_SHARE.value, RatingAlarm.cleared_at.is_(None))
    )  # fmt: skip
    result = evaluate_share([(r[0], RatingButton(r[1])) for r in rows], at, active is not None, rule)
    if result.decision is ShareDecision.CLEAR and active is not None:
        active.cleared_at = now
    if result.decision is not ShareDecision.RAISE:
        return []
    detail = (f"{result.negative}/{result.count} negative ({result.share:.0%}) in the last "
              f"{rule.window_ms // 60_000} min; raises at {rule.raise_at:.0%}, clears at {rule.clear_at:.0%}")  # fmt: skip
    return [RatingAlarm(site=site, counter=counter, kind=AlarmKind.NEGATIVE_SHARE.value, solicited=True,
                        detail=detail, pressed_at=at, raised_at=now)]  # fmt: skip


def _counter_name(session: Session, site: str, counter: str) -> str:
    row = session.get(RatingCounter, (site, counter))
    return row.name if row else counter


def _buzzer(session: Session, site: str) -> tuple[str, str, str] | None:
    office = session.get(RatingOffice, site)
    if office is None or office.buzzer_device is None or office.buzzer_counter is None:
        return None
    return site, office.buzzer_device, office.buzzer_counter


def _announce(
    runtime: RatingsRuntime, messages: list[dict[str, Any]], buzzer: tuple[str, str, str] | None
) -> None:
    for message in messages:
        if "trace" in message:
            message["trace"]["committed_at"] = time.time() * 1000
        runtime.bus.publish({"type": "alarm", "alarm": message})
    if buzzer is not None:
        site, device, counter = buzzer
        runtime.command(
            site, device, KeypadBuzzer(counter=counter, pattern=BuzzerPattern.ALARM, seconds=ALARM_BUZZ_S)
        )
        runtime.command(site, device, KeypadLed(counter=counter, color=LedColor.RED, mode=LedMode.BLINK))


def alarm_message(alarm: RatingAlarm, counter_name: str) -> dict[str, Any]:
    """What a dashboard shows of an alarm: counter and case, never the staff member's name."""
    return {
        "id": alarm.id, "site": alarm.site, "counter": alarm.counter, "counter_name": counter_name,
        "kind": alarm.kind, "case_no": alarm.case_no, "solicited": alarm.solicited, "detail": alarm.detail,
        "pressed_at": alarm.pressed_at, "raised_at": alarm.raised_at, "cleared_at": alarm.cleared_at,
        "acknowledged_at": alarm.acknowledged_at, "acknowledged_by": alarm.acknowledged_by, "note": alarm.note,
    }  # fmt: skip


# -- supervisor ---------------------------------------------------------------------------------------
def acknowledge(
    session: Session, alarm_id: int, by: str, note: str, runtime: RatingsRuntime = RUNTIME
) -> RatingAlarm:
    """The supervisor went to the counter and notes what was done; the alarm stays in the history."""
    try:
        note = _check_text(note, "the note", NOTE_MAX)
    except RatingsError:
        raise RatingsError(f"say what was done in a note of 1-{NOTE_MAX} characters of plain text") from None
    alarm = session.get(RatingAlarm, alarm_id)
    if alarm is None:
        raise RatingsError(f"no alarm {alarm_id}", 404)
    if alarm.acknowledged_at is not None:
        raise RatingsError(f"alarm {alarm_id} was already acknowledged by {alarm.acknowledged_by}", 409)
    alarm.acknowledged_at, alarm.acknowledged_by, alarm.note = now_ms(), by, note
    audit(session, by, "rating.alarm.ack", str(alarm_id), {"note": note[:200]})
    session.flush()
    message = alarm_message(alarm, _counter_name(session, alarm.site, alarm.counter))
    still_open = session.scalar(
        select(func.count()).select_from(RatingAlarm)
        .where(RatingAlarm.site == alarm.site, RatingAlarm.acknowledged_at.is_(None))
    )  # fmt: skip
    buzzer = _buzzer(session, alarm.site) if not still_open else None

    def announce() -> None:
        runtime.bus.publish({"type": "ack", "alarm": message})
        if buzzer is not None:  # the last open alarm of the office: silence the supervisor's buzzer
            site, device, counter = buzzer
            runtime.command(site, device, KeypadBuzzer(counter=counter, pattern=BuzzerPattern.OFF, seconds=0))
            runtime.command(site, device, KeypadLed(counter=counter, color=LedColor.RED, mode=LedMode.OFF))

    after_commit(session, announce)
    return alarm


def open_alarms(session: Session, site: str | None = None, after_id: int = 0) -> list[dict[str, Any]]:
    query = select(RatingAlarm).where(RatingAlarm.acknowledged_at.is_(None), RatingAlarm.id > after_id)
    if site:
        query = query.where(RatingAlarm.site == site)
    return _messages(session, list(session.scalars(query.order_by(RatingAlarm.id))))


def alarm_history(session: Session, site: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    query = select(RatingAlarm)
    if site:
        query = query.where(RatingAlarm.site == site)
    return _messages(session, list(session.scalars(query.order_by(RatingAlarm.id.desc()).limit(limit))))


def _messages(session: Session, alarms: list[RatingAlarm]) -> list[dict[str, Any]]:
    names = {(c.site, c.counter): c.name for c in session.scalars(select(RatingCounter))}
    return [alarm_message(a, names.get((a.site, a.counter), a.counter)) for a in alarms]


def stat_rows(
    session: Session, start: int, end: int, *, staff: str | None = None, site: str | None = None
) -> list[RatingRow]:
    """Ratings pressed in [start, end); ``staff`` limits them to that staff member's own."""
    query = select(Rating).where(Rating.pressed_at >= start, Rating.pressed_at < end)
    if staff is not None:
        query = query.where(Rating.staff == staff)
    if site:
        query = query.where(Rating.site == site)
    return [
        RatingRow(
            r.site,
            r.counter,
            r.service,
            RatingButton(r.button),
            r.pressed_at,
            r.status == Status.SOLICITED.value,
        )
        for r in session.scalars(query.order_by(Rating.pressed_at))
    ]
