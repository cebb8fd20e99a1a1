"""Scanned pages (pure): find the case QR, compress, hash, split into ``document.page`` chunks; name faults."""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass

from PIL import Image
from pyzbar import pyzbar  # type: ignore[import-untyped]

from wire.payloads.documents import MAX_CHUNK_CHARS, DocumentPage, MediaType, PageFlag
from wire.printed import case_from_qr

#: Bytes of image per chunk, so its base64 text fits MAX_CHUNK_CHARS.
CHUNK_BYTES = MAX_CHUNK_CHARS // 4 * 3
JPEG_QUALITY = 70


@dataclass(frozen=True, slots=True)
class ScannedPage:
    case_no: str | None
    flags: tuple[PageFlag, ...]
    data: bytes  # compressed image
    media_type: MediaType
    sha256: str
    width: int
    height: int


def qr_texts(image: Image.Image) -> list[str]:
    """The text of every QR code on the page, top to bottom as zbar finds them."""
    symbols = pyzbar.decode(image.convert("L"), symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [symbol.data.decode("utf-8", "replace") for symbol in symbols]


def find_case(image: Image.Image) -> str | None:
    """The case number of the first OneStop case QR on the page, or None."""
    return next((case for text in qr_texts(image) if (case := case_from_qr(text))), None)


def compress(image: Image.Image) -> bytes:
    """Grayscale JPEG: documents keep legible at a tenth of the raw size."""
    buf = io.BytesIO()
    image.convert("L").save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buf.getvalue()


def process_page(image: Image.Image, expected_case: str | None = None) -> ScannedPage:
    case = find_case(image)
    flags: list[PageFlag] = []
    if case is None:
        flags.append(PageFlag.NO_QR)
    elif expected_case is not None and case != expected_case:
        flags.append(PageFlag.OTHER_CASE)
    data = compress(image)
    return ScannedPage(
        case, tuple(flags), data, MediaType.JPEG, hashlib.sha256(data).hexdigest(), image.width, image.height
    )


def page_events(page: ScannedPage, batch: str, index: int, count: int) -> list[DocumentPage]:
    """The ``document.page`` events of one page: one per chunk of at most CHUNK_BYTES."""
    chunks = [page.data[i : i + CHUNK_BYTES] for i in range(0, len(page.data), CHUNK_BYTES)] or [b""]
    return [
        DocumentPage(
            batch=batch,
            case_no=page.case_no,
            page_index=index,
            page_count=count,
            sha256=page.sha256,
            media_type=page.media_type,
            size=len(page.data),
            width=page.width,
            height=page.height,
            flags=page.flags,
            chunk_index=i,
            chunk_count=len(chunks),
            data=base64.b64encode(chunk).decode("ascii"),
        )
        for i, chunk in enumerate(chunks)
    ]


@dataclass(frozen=True, slots=True)
class ScanFault:
    code: str
    technician: str
    citizen: str


FAULTS = {
    "jammed": ScanFault("jammed", "scanner paper jam: open the feeder and remove the sheet",
                        "文件卡紙了。請打開掃描器上蓋，輕輕取出卡住的文件，再按「繼續掃描」。"),
    "no_paper": ScanFault("no_paper", "scanner feeder is empty",
                          "沒有偵測到文件。請將文件正面朝下放入進紙匣，再按「開始掃描」。"),
    "cover_open": ScanFault("cover_open", "scanner cover is open: close it",
                            "掃描器上蓋未關好。請關上上蓋後再按「繼續掃描」。"),
    "unavailable": ScanFault("unavailable", "scanner does not answer: check its cable and power",
                             "掃描器暫時無法使用，請洽服務人員。"),
    "scanner_error": ScanFault("scanner_error", "scanner I/O error: power-cycle it",
                               "掃描器發生錯誤，請洽服務人員。"),
}  # fmt: skip

_SANE_MESSAGES = {
    "Document feeder jammed": "jammed",
    "Document feeder out of documents": "no_paper",
    "Scanner cover is open": "cover_open",
    "Error during device I/O": "scanner_error",
    "Device busy": "unavailable",
    "Invalid argument": "unavailable",
    "Access to resource has been denied": "unavailable",
}


def fault_for(message: str) -> ScanFault:
    """The fault a SANE status text (``sane_strstatus``) means."""
    return FAULTS[_SANE_MESSAGES.get(message.strip(), "scanner_error")]
