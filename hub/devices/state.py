"""Device state rules (pure): birth, death, and seq tracking with gaps, after Sparkplug B.

- A birth of a newer session (or the first one) brings the device online with that session, seq 0.
  A birth of the current session (a rebirth) restarts the numbering at 0 but never revives a device
  whose death for that session was seen. An older session's birth is stale and changes nothing.
- A death counts only if its session is the current one (a stale last will of an older connection
  arrives after the new birth when the broker notices the old link late).
- Every other message advances ``last_seq``; numbers skipped are gaps, reported as ranges (first, last)
  so that a jump costs one record however far it goes (issue 13: a row per number let one message make 255). A message behind ``last_seq``
  (reordered by a shared subscription) may fill a gap. A message from a newer session whose birth
  was not seen yet adopts that session: the birth and everything before it become gaps until they arrive.
- A session more than ``MAX_SESSION_JUMP`` ahead of the current one (or, for a device never seen, above it)
  is refused: an agent's session grows by one per connect, so such a number is forged, and accepting it would
  freeze the device (every real session after it would look stale) (issue 13). The outcome says so
  (``forged``): the hub dead-letters such a message instead of storing it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SEQ_MODULO = 256
#: A forward jump of less than half the seq space is a gap; more means the message is late.
_FORWARD_WINDOW = SEQ_MODULO // 2
#: an agent connecting every minute for two years stays below this many sessions
MAX_SESSION_JUMP = 1_000_000


def forged(state: DeviceState, session: int) -> bool:
    return session > (state.session or 0) + MAX_SESSION_JUMP


@dataclass(frozen=True, slots=True)
class DeviceState:
    online: bool = False
    session: int | None = None
    last_seq: int | None = None


#: an inclusive range of missing seq numbers, first <= last
Gap = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The new state, seq ranges now missing in ``state.session``, and a (session, seq) that may fill a gap.

    ``forged``: refused because the session jumped more than ``MAX_SESSION_JUMP`` (nothing changed)."""

    state: DeviceState
    applied: bool = True
    missing: tuple[Gap, ...] = ()
    late: tuple[int, int] | None = None
    forged: bool = False


def _span(first: int, last: int) -> tuple[Gap, ...]:
    """The missing numbers first..last (mod 256, inclusive) as at most two ranges, split where seq wraps."""
    if first <= last:
        return ((first, last),)
    return ((first, SEQ_MODULO - 1), (0, last))


def on_birth(state: DeviceState, session: int) -> Outcome:
    if forged(state, session):
        return Outcome(state, applied=False, forged=True)
    if state.session is None or session > state.session:
        return Outcome(DeviceState(online=True, session=session, last_seq=0))
    if session == state.session:
        late = (session, 0) if state.last_seq not in (None, 0) else None
        return Outcome(replace(state, last_seq=0), late=late)
    return Outcome(state, applied=False)


def on_death(state: DeviceState, session: int) -> Outcome:
    if state.session is not None and session == state.session:
        return Outcome(replace(state, online=False))
    return Outcome(state, applied=False)


def next_in_order(state: DeviceState, session: int, seq: int) -> DeviceState | None:
    """The common case of ``on_message`` in one step: a message of the current session whose seq follows
    ``last_seq`` gives this state (no gap, nothing late); None for anything else (then ``on_message``)."""
    last = state.last_seq
    if session == state.session and last is not None and seq == (last + 1) % SEQ_MODULO:
        return DeviceState(state.online, session, seq)
    return None


def on_message(state: DeviceState, session: int, seq: int) -> Outcome:
    """Any message but birth and death: events (repeats too, each publish takes a seq), telemetry, ..."""
    if forged(state, session):
        return Outcome(state, applied=False, forged=True)
    if state.session is None or session > state.session:
        adopted: tuple[Gap, ...] = ((0, seq - 1),) if seq > 0 else ()
        return Outcome(DeviceState(online=True, session=session, last_seq=seq), missing=adopted)
    if session < state.session:
        return Outcome(state, applied=False, late=(session, seq))
    if state.last_seq is None:
        return Outcome(DeviceState(state.online, state.session, seq))
    step = (seq - state.last_seq) % SEQ_MODULO
    if step == 0:
        return Outcome(state, applied=False)  # the broker delivered the same publish again
    if step < _FORWARD_WINDOW:
        missing = _span((state.last_seq + 1) % SEQ_MODULO, (seq - 1) % SEQ_MODULO) if step > 1 else ()
        # DeviceState(...) rather than dataclasses.replace: this runs for every event (a third of the
        # tracker's time was ``replace``)
        return Outcome(DeviceState(state.online, state.session, seq), missing=missing)
    return Outcome(state, applied=False, late=(session, seq))
