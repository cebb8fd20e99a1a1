"""A model ESC/POS printer (pure): parses the byte stream, answers DLE EOT, runs out of paper.

Used by the fake link in unit tests and by the pty emulator in integration tests and the demo. It
understands exactly the commands the agent sends (ESC @, ESC a, GS v 0, GS V, DLE EOT).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from edge_agent.devices.printer.escpos import PrinterStatus, status_bytes


@dataclass
class Sheet:
    """One job as the printer saw it: its print data and whether it was cut whole."""

    data: bytearray = field(default_factory=bytearray)
    rows: int = 0
    complete: bool = False
    truncated: bool = False


class PrinterMachine:
    def __init__(self, paper_rows: int | None = None) -> None:
        self.paper_rows = paper_rows  # rows left on the roll; None = endless
        self.cover_open = False
        self.offline = False
        self.sheets: list[Sheet] = []
        self.unknown: list[int] = []
        self._buf = bytearray()
        self._sheet: Sheet | None = None

    @property
    def paper_out(self) -> bool:
        return self.paper_rows is not None and self.paper_rows <= 0

    def status(self) -> PrinterStatus:
        return PrinterStatus(offline=self.offline, cover_open=self.cover_open, paper_out=self.paper_out)

    def refill(self, rows: int | None = None) -> None:
        self.paper_rows = rows

    @property
    def complete_sheets(self) -> list[bytes]:
        return [bytes(s.data) for s in self.sheets if s.complete]

    def feed(self, data: bytes) -> bytes:
        """Consume bytes from the host; return what the printer answers (status bytes)."""
        self._buf += data
        out = bytearray()
        while self._buf:
            used = self._step(out)
            if used == 0:
                break  # incomplete command: wait for more bytes
            del self._buf[:used]
        return bytes(out)

    def _can_print(self) -> bool:
        return not (self.paper_out or self.cover_open or self.offline)

    def _step(self, out: bytearray) -> int:
        b = self._buf
        if b[0] == 0x10:  # DLE EOT n
            if len(b) < 3:
                return 0
            if b[1] == 0x04 and b[2] in (1, 2, 3, 4):
                answers = dict(zip((1, 2, 4), status_bytes(self.status()), strict=True))
                out.append(answers.get(b[2], 0x12))
                return 3
        elif b[0] == 0x1B and len(b) >= 2 and b[1] == ord("@"):
            self._sheet = Sheet()
            self.sheets.append(self._sheet)
            self._record(b[:2])
            return 2
        elif b[0] == 0x1B and len(b) >= 2 and b[1] == ord("a"):
            if len(b) < 3:
                return 0
            self._record(b[:3])
            return 3
        elif b[0] == 0x1D and len(b) >= 2 and b[1] == ord("v"):
            if len(b) < 8:
                return 0
            width, height = b[4] + 256 * b[5], b[6] + 256 * b[7]
            total = 8 + width * height
            if len(b) < total:
                return 0
            self._raster(bytes(b[:total]), height)
            return total
        elif b[0] == 0x1D and len(b) >= 2 and b[1] == ord("V"):
            if len(b) < 4:
                return 0
            self._record(b[:4])
            if self._sheet is not None and not self._sheet.truncated and self._can_print():
                self._sheet.complete = True
            self._sheet = None
            return 4
        elif len(b) < 2 and b[0] in (0x1B, 0x1D):
            return 0
        self.unknown.append(b[0])
        return 1

    def _record(self, chunk: bytes | bytearray) -> None:
        if self._sheet is not None and self._can_print():
            self._sheet.data += chunk

    def _raster(self, chunk: bytes, height: int) -> None:
        sheet = self._sheet
        if sheet is None:
            sheet = self._sheet = Sheet(truncated=True)  # raster without ESC @: not a job of ours
            self.sheets.append(sheet)
        if not self._can_print():
            sheet.truncated = True
            return
        if self.paper_rows is not None and self.paper_rows < height:
            self.paper_rows = 0  # the roll ends inside this band: the rest of the job is lost
            sheet.truncated = True
            return
        if self.paper_rows is not None:
            self.paper_rows -= height
        sheet.data += chunk
        sheet.rows += height


def image_from_sheet(data: bytes) -> Image.Image:
    """Reassemble the raster bands of one printed sheet into an image (black on white, mode "L")."""
    bands: list[Image.Image] = []
    i = 0
    while i < len(data):
        if data[i : i + 3] == b"\x1dv0":
            width, height = data[i + 4] + 256 * data[i + 5], data[i + 6] + 256 * data[i + 7]
            raw = bytes(b ^ 0xFF for b in data[i + 8 : i + 8 + width * height])
            bands.append(Image.frombytes("1", (width * 8, height), raw))
            i += 8 + width * height
        else:
            i += 1
    if not bands:
        raise ValueError("the sheet holds no raster image")
    out = Image.new("L", (max(b.width for b in bands), sum(b.height for b in bands)), 255)
    y = 0
    for band in bands:
        out.paste(band.convert("L"), (0, y))
        y += band.height
    return out
