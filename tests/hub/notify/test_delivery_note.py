"""Why a notification is still pending (issue 18, defect 13: "pending, 0 tries" with no warning)."""

from __future__ import annotations

from hub.notify.delivery_note import STALE_MS, delivery_note

NOW = 1_800_000_000_000


def test_a_channel_without_a_provider_is_an_error_that_names_the_channel() -> None:
    note = delivery_note("pending", "sms", 0, NOW - 1000, NOW, configured={"email"}, now=NOW)
    assert (
        note.severity == "bad" and "未設定{channel}服務商" in note.text and note.values == {"channel": "簡訊"}
    )


def test_an_untried_message_older_than_five_minutes_says_the_sender_may_be_down() -> None:
    note = delivery_note("pending", "email", 0, NOW - STALE_MS - 60_000, NOW, configured={"email"}, now=NOW)
    assert note.severity == "warn" and note.values == {"minutes": 6}


def test_fresh_queued_retrying_and_finished_messages() -> None:
    assert (
        delivery_note("pending", "email", 0, NOW - 1000, NOW, configured={"email"}, now=NOW).severity
        == "info"
    )
    retry = delivery_note("pending", "email", 2, NOW - 1000, NOW + 60_000, configured={"email"}, now=NOW)
    assert retry.severity == "warn" and retry.values == {"n": 2}
    assert delivery_note("sent", "sms", 1, NOW, None, configured=set(), now=NOW).text == ""
    assert delivery_note("failed", "sms", 5, NOW, None, configured=set(), now=NOW).text == ""
