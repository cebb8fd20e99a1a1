"""Scanner fixtures: a private SANE config (pnm + test backends), page images with and without the case QR,
and an event sink that records events and acknowledges them on demand."""

from __future__ import annotations

from collections.abc import Collection

import pytest
import qrcode
from PIL import Image, ImageDraw

from wire import Payload, new_message_id

CASE = "K261121-7QX4M-Z3P9H"


def page(case_no: str | None, text: str, size: tuple[int, int] = (827, 1169)) -> Image.Image:
    """An A4 page at 100 dpi: a line of text and, if given, the case QR in the top right corner."""
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).text((60, 200), text, fill=0)
    if case_no:
        qr = qrcode.make(f"ONESTOP:CASE:{case_no}", box_size=4).get_image().convert("L")
        image.paste(qr, (size[0] - qr.width - 20, 20))
    return image


class RecordingSink:
    def __init__(self) -> None:
        self.events: list[tuple[str, Payload]] = []
        self.waiting: set[str] = set()

    def emit(self, body: Payload) -> str:
        event_id = new_message_id()
        self.events.append((event_id, body))
        self.waiting.add(event_id)
        return event_id

    def pending(self, ids: Collection[str]) -> set[str]:
        return self.waiting & set(ids)

    def ack_all(self) -> None:
        self.waiting.clear()

    def bodies(self, kind: type[Payload]) -> list[Payload]:
        return [b for _, b in self.events if isinstance(b, kind)]


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()
