"""ESC/POS bytes (pure): raster images in bands, feed and cut, and the DLE EOT real-time status."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

ESC = b"\x1b"
GS = b"\x1d"
DLE = b"\x10"
EOT = b"\x04"

INIT = ESC + b"@"
#: Feed n lines then full cut (GS V 66 n): leaves the slip's end past the cutter.
FEED_AND_CUT = GS + b"V" + bytes([66, 3])
ALIGN_LEFT = ESC + b"a\x00"

#: DLE EOT n: 1 printer status, 2 offline cause, 4 paper roll sensor. One byte comes back for each.
STATUS_QUERIES = (1, 2, 4)

#: Rows per GS v 0 band; small bands keep the printer's buffer short and give status checkpoints.
BAND_ROWS = 128


def status_query(n: int) -> bytes:
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT {n} is not a status query (1-4)")
    return DLE + EOT + bytes([n])


def raster_band(image: Image.Image) -> bytes:
    """GS v 0 for one 1-bit image (black = 1); width padded to whole bytes."""
    bw = image.convert("1")
    width_bytes = (bw.width + 7) // 8
    padded = Image.new("1", (width_bytes * 8, bw.height), 1)
    padded.paste(bw, (0, 0))
    # PIL "1" stores 1 = white; ESC/POS wants 1 = print (black): invert the packed bits.
    data = bytes(b ^ 0xFF for b in padded.tobytes())
    header = (
        GS + b"v0\x00" + bytes([width_bytes % 256, width_bytes // 256, bw.height % 256, bw.height // 256])
    )
    return header + data


def bands(image: Image.Image, rows: int = BAND_ROWS) -> Iterator[bytes]:
    """The image as a series of GS v 0 bands of at most ``rows`` rows."""
    for top in range(0, image.height, rows):
        yield raster_band(image.crop((0, top, image.width, min(top + rows, image.height))))


def encode_job(image: Image.Image) -> list[bytes]:
    """A whole job as chunks: init, the bands, feed-and-cut. Status is checked between chunks."""
    return [INIT + ALIGN_LEFT, *bands(image), FEED_AND_CUT]


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What DLE EOT 1/2/4 said; ``problem`` is the first reason the printer cannot print, or None."""

    offline: bool = False
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    error: bool = False

    @property
    def problem(self) -> str | None:
        if self.cover_open:
            return "cover_open"
        if self.paper_out:
            return "paper_out"
        if self.error:
            return "printer_error"
        if self.offline:
            return "offline"
        return None


def _fixed_bits_ok(value: int) -> bool:
    # Every DLE EOT answer has bit 1 and bit 4 set and bits 0 and 7 clear.
    return value & 0b1001_0011 == 0b0001_0010


def parse_status(printer: int, offline_cause: int, paper: int) -> PrinterStatus:
    """Decode the answers to DLE EOT 1, 2 and 4; ValueError for bytes that are not status answers."""
    for name, value in (("printer", printer), ("offline cause", offline_cause), ("paper", paper)):
        if not _fixed_bits_ok(value):
            raise ValueError(f"{name} status byte 0x{value:02x} is not a DLE EOT answer")
    return PrinterStatus(
        offline=bool(printer & 0x08),
        cover_open=bool(offline_cause & 0x04),
        paper_out=bool(offline_cause & 0x20) or bool(paper & 0x60),
        paper_near_end=bool(paper & 0x0C),
        error=bool(offline_cause & 0x40),
    )


def status_bytes(status: PrinterStatus) -> tuple[int, int, int]:
    """The answers a printer in ``status`` gives to DLE EOT 1, 2, 4 (for the emulator and tests)."""
    base = 0x12
    printer = base | (0x08 if status.offline or status.problem else 0)
    cause = base | (0x04 if status.cover_open else 0) | (0x20 if status.paper_out else 0)
    cause |= 0x40 if status.error else 0
    paper = base | (0x60 if status.paper_out else 0) | (0x0C if status.paper_near_end else 0)
    return printer, cause, paper
