"""Check an uploaded or scanned image before anything is stored: size, that it really is an image, its pixel
count; then keep it as PNG (lossless) under its SHA-256."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024  # a 600 dpi A4 colour scan as PNG stays well below
MAX_PIXELS = 60_000_000  # decompression bombs are refused before decoding


class BadImage(ValueError):
    """An image that cannot be used; ``field`` names the input, ``status`` the HTTP status."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


@dataclass(frozen=True)
class CheckedImage:
    png: bytes
    sha256: str
    width: int
    height: int

    def array(self) -> npt.NDArray[np.uint8]:
        with Image.open(io.BytesIO(self.png)) as img:
            return np.asarray(img.convert("RGB"), dtype=np.uint8)


def check_image(data: bytes, field: str = "image") -> CheckedImage:
    if not data:
        raise BadImage(field, "is empty")
    if len(data) > MAX_BYTES:
        raise BadImage(
            field, f"is {len(data) // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB", 413
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise BadImage(
                        field, f"has {probe.width}x{probe.height} pixels; the limit is {MAX_PIXELS:,}", 413
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                rgb = img.convert("RGB") if img.mode not in ("L", "RGB") else img.copy()
    except BadImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise BadImage(field, "is not an image PNG, JPEG, TIFF or PNM can read (or it is damaged)") from None
    out = io.BytesIO()
    rgb.save(out, format="PNG", optimize=False)
    png = out.getvalue()
    return CheckedImage(png, hashlib.sha256(png).hexdigest(), rgb.width, rgb.height)


def png_of(array: npt.NDArray[np.uint8]) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, format="PNG")
    return out.getvalue()
