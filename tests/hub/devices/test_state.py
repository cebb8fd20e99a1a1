"""Pure device-state rules: sessions, stale deaths, seq gaps and late arrivals."""

from hub.devices.state import MAX_SESSION_JUMP, DeviceState, next_in_order, on_birth, on_death, on_message

ONLINE_1 = DeviceState(online=True, session=1, last_seq=5)


def test_first_birth_brings_the_device_online() -> None:
    out = on_birth(DeviceState(), 1)
    assert out.state == DeviceState(True, 1, 0) and out.applied


def test_birth_of_an_older_session_is_stale() -> None:
    out = on_birth(DeviceState(True, 3, 7), 2)
    assert not out.applied and out.state == DeviceState(True, 3, 7)


def test_death_of_the_current_session_marks_offline_a_stale_one_does_not() -> None:
    """GIVEN session 2 is current WHEN session 1's last will arrives late THEN the device stays online."""
    current = DeviceState(True, 2, 9)
    assert on_death(current, 1).state.online and not on_death(current, 1).applied
    assert not on_death(current, 2).state.online


def test_rebirth_does_not_revive_a_device_whose_death_was_seen() -> None:
    dead = on_death(ONLINE_1, 1).state
    assert not on_birth(dead, 1).state.online
    assert on_birth(dead, 2).state == DeviceState(True, 2, 0)


def test_next_seq_advances_and_a_jump_records_one_range_of_missing_numbers() -> None:
    assert on_message(ONLINE_1, 1, 6).state.last_seq == 6 and on_message(ONLINE_1, 1, 6).missing == ()
    out = on_message(ONLINE_1, 1, 9)
    assert out.missing == ((6, 8),) and out.state.last_seq == 9


def test_seq_wraps_at_256_without_a_gap() -> None:
    out = on_message(DeviceState(True, 1, 255), 1, 0)
    assert out.missing == () and out.state.last_seq == 0
    assert on_message(DeviceState(True, 1, 254), 1, 1).missing == ((255, 255), (0, 0))
    assert on_message(DeviceState(True, 1, 200), 1, 10).missing == ((201, 255), (0, 9))


def test_repeat_of_the_same_publish_changes_nothing() -> None:
    out = on_message(ONLINE_1, 1, 5)
    assert not out.applied and out.missing == () and out.late is None


def test_a_message_behind_last_seq_is_late_and_may_fill_a_gap() -> None:
    out = on_message(ONLINE_1, 1, 3)
    assert out.late == (1, 3) and out.state == ONLINE_1
    assert on_message(ONLINE_1, 0, 200).late == (0, 200)


def test_message_of_a_newer_session_adopts_it_and_its_birth_becomes_a_gap() -> None:
    out = on_message(ONLINE_1, 2, 3)
    assert out.state == DeviceState(True, 2, 3) and out.missing == ((0, 2),)
    assert on_message(ONLINE_1, 3, 255).missing == ((0, 254),)  # one range, not 255 numbers (issue 13)
    assert on_message(ONLINE_1, 3, 0).missing == ()
    late_birth = on_birth(out.state, 2)
    assert late_birth.late == (2, 0) and late_birth.state.online


def test_a_session_far_ahead_is_refused_as_forged_and_changes_nothing() -> None:
    """Issue 13: a session of 2^53-1 would make every real session after it look stale."""
    for out in (on_message(ONLINE_1, 2**53 - 1, 255), on_birth(ONLINE_1, 2**53 - 1)):
        assert out.forged and not out.applied and out.state == ONLINE_1 and out.missing == ()
    assert not on_message(ONLINE_1, 1 + MAX_SESSION_JUMP, 0).forged  # the bound itself is still taken
    assert on_message(DeviceState(), MAX_SESSION_JUMP + 1, 0).forged


def test_next_in_order_is_on_message_where_it_answers() -> None:
    """The tracker's one-step common case never disagrees with the full rules: wherever it gives a state, it is
    ``on_message``'s with no gap and nothing late; it answers for every in-order message of the current session."""
    states = [
        DeviceState(o, s, q) for o in (True, False) for s in (None, 1, 2) for q in (None, 0, 1, 127, 254, 255)
    ]
    for state in states:
        for session in (0, 1, 2, 3, 1 + MAX_SESSION_JUMP + 5):
            for seq in (0, 1, 2, 128, 254, 255):
                quick = next_in_order(state, session, seq)
                full = on_message(state, session, seq)
                if quick is not None:
                    assert (quick, full.missing, full.late, full.applied) == (full.state, (), None, True)
                elif state.session == session and state.last_seq is not None:
                    assert seq != (state.last_seq + 1) % 256
