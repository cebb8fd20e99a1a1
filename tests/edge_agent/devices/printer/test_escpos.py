"""ESC/POS encoding and the DLE EOT status bytes (pure)."""

import pytest
from PIL import Image

from edge_agent.devices.printer.escpos import (
    FEED_AND_CUT,
    INIT,
    PrinterStatus,
    encode_job,
    parse_status,
    raster_band,
    status_bytes,
    status_query,
)
from edge_agent.devices.printer.machine import image_from_sheet


def test_raster_band_exact_bytes() -> None:
    """GIVEN a 10x2 image with the first pixel black WHEN encoded THEN GS v 0, 2 bytes wide, bits set = black."""
    image = Image.new("1", (10, 2), 1)
    image.putpixel((0, 0), 0)
    image.putpixel((9, 1), 0)
    assert raster_band(image) == b"\x1dv0\x00\x02\x00\x02\x00" + bytes([0x80, 0x00, 0x00, 0x40])


def test_job_is_init_bands_cut_and_round_trips() -> None:
    image = Image.new("1", (576, 300), 1)
    image.putpixel((5, 299), 0)
    chunks = encode_job(image)
    assert chunks[0].startswith(INIT) and chunks[-1] == FEED_AND_CUT
    assert len(chunks) == 2 + 3  # 300 rows in bands of 128
    back = image_from_sheet(b"".join(chunks))
    assert back.size == (576, 300) and back.getpixel((5, 299)) == 0 and back.getpixel((6, 299)) == 255


@pytest.mark.parametrize(
    "status",
    [
        PrinterStatus(),
        PrinterStatus(paper_out=True),
        PrinterStatus(cover_open=True),
        PrinterStatus(offline=True),
        PrinterStatus(paper_near_end=True),
        PrinterStatus(error=True),
    ],
)
def test_status_bytes_round_trip(status: PrinterStatus) -> None:
    parsed = parse_status(*status_bytes(status))
    assert parsed.problem == status.problem
    assert parsed.paper_near_end == status.paper_near_end


def test_status_problem_names() -> None:
    assert parse_status(0x12, 0x12, 0x72).problem == "paper_out"  # paper roll sensor: end
    assert parse_status(0x1A, 0x16, 0x12).problem == "cover_open"
    assert parse_status(0x12, 0x12, 0x1E).problem is None  # near end is a warning only


def test_garbage_status_is_refused() -> None:
    with pytest.raises(ValueError, match="not a DLE EOT answer"):
        parse_status(0xFF, 0x12, 0x12)
    with pytest.raises(ValueError):
        status_query(9)
