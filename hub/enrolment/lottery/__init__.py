"""The publicly verifiable lottery: RFC 3797 selection and per-kindergarten draws with transcripts."""

from hub.enrolment.lottery.draw import Announcement, DrawResult, Entry, announce, draw
from hub.enrolment.lottery.rfc3797 import SelectionError, key_string, select

__all__ = [
    "Announcement",
    "DrawResult",
    "Entry",
    "SelectionError",
    "announce",
    "draw",
    "key_string",
    "select",
]
