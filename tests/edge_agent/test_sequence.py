"""Seq numbering and the historical flag."""

from edge_agent.sequence import SeqCounter, is_historical


def test_birth_is_zero_and_seq_wraps_after_255() -> None:
    seq = SeqCounter()
    values = [seq.next() for _ in range(258)]
    assert values[:3] == [0, 1, 2]
    assert values[255:] == [255, 0, 1]


def test_reset_starts_again_at_zero() -> None:
    seq = SeqCounter()
    for _ in range(10):
        seq.next()
    seq.reset()
    assert seq.next() == 0


def test_historical_when_made_before_connect_or_resent() -> None:
    assert is_historical(made_ms=999, session_started_ms=1000, resend=False)
    assert not is_historical(made_ms=1000, session_started_ms=1000, resend=False)
    assert not is_historical(made_ms=1500, session_started_ms=1000, resend=False)
    assert is_historical(made_ms=1500, session_started_ms=1000, resend=True)
