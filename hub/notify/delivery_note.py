"""Why a notification has not gone out yet (pure): what the case page says next to "pending, 0 tries".

A pending message is either waiting for a channel the hub has no provider for (it will never go: tell an
administrator), or was not attempted although it has waited longer than ``STALE_MS`` (the sending worker is
not running), or is queued, or failed an attempt and waits for the next. Texts are zh-TW with ``{}`` values;
the page shows them in the reader's language (``hub/cases/messages.en.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: a message untried for this long means nothing is sending
STALE_MS = 5 * 60_000
CHANNEL_NAMES = {"sms": "簡訊", "mms": "多媒體簡訊", "email": "電子郵件"}


@dataclass(frozen=True, slots=True)
class DeliveryNote:
    severity: str  # bad | warn | info ("" for a message that needs no note)
    text: str
    values: dict[str, Any] = field(default_factory=dict)


def delivery_note(
    status: str, channel: str, attempts: int, created_at: int, next_attempt_at: int | None,
    configured: set[str], now: int,
) -> DeliveryNote:  # fmt: skip
    if status != "pending":
        return DeliveryNote("", "")
    if channel not in configured:
        return DeliveryNote(
            "bad", "未設定{channel}服務商，這則通知不會送出：請系統管理員設定後重送。",
            {"channel": CHANNEL_NAMES.get(channel, channel)},
        )  # fmt: skip
    if attempts == 0 and now - created_at >= STALE_MS:
        return DeliveryNote(
            "warn", "已等候 {minutes} 分鐘仍未嘗試寄送：通知服務可能沒有執行，請洽系統管理員。",
            {"minutes": (now - created_at) // 60_000},
        )  # fmt: skip
    if attempts == 0:
        return DeliveryNote("info", "排隊中，即將寄送。")
    return DeliveryNote("warn", "寄送失敗，將自動重試（第 {n} 次已失敗）。", {"n": attempts})
