"""Seal comparison (pure: numpy + OpenCV, no ORM, no web): align the presented impression to the registered one
(rotation, scale and position found automatically), then an overlay, a difference view and a similarity score.

Method: each impression is reduced to an ink map (Otsu threshold on the darkest channel, so red and black ink
both count), centred on its minimum enclosing circle and scaled to a fixed radius (scale found); the rotation
is searched over the full circle on a coarse grid by phase correlation, then refined together with a small
residual scale/shift by OpenCV's ECC (enhanced correlation coefficient) on blurred ink maps. The score is the
zero-mean normalised correlation of the aligned, blurred ink maps, in [0, 1]. It helps staff; it never decides.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]

SIZE = 256  # side of the normalised frame
RADIUS = 100.0  # the enclosing circle's radius in that frame
COARSE_STEP_DEG = 4.0
#: Below this the page says "differs: look closely"; at or above "alike". Advice only (benchmarks/seal_compare.py).
ADVICE_THRESHOLD = 0.955
SCORE_SIGMA = 1.2  # blur before the score: tolerates ink spread, still sees a stroke moved by 1-2 px


class NotASeal(ValueError):
    """No ink found in the image (blank scan, wrong crop)."""


@dataclass(frozen=True)
class Normalised:
    ink: Gray  # SIZE x SIZE, 255 = ink
    scale: float  # frame pixels per source pixel
    centre: tuple[float, float]  # circle centre in the source image


@dataclass(frozen=True)
class Comparison:
    score: float  # 0..1, higher = more alike
    rotation_deg: float  # presented turned by this much relative to the registered (counter-clockwise)
    scale: float  # presented size / registered size
    shift_px: tuple[float, float]  # residual shift in the registered image's pixels
    registered: Gray  # the registered ink map in the common frame
    aligned: Gray  # the presented ink map aligned onto it
    overlay: npt.NDArray[np.uint8]  # RGB: registered red, presented blue, both dark purple
    difference: npt.NDArray[
        np.uint8
    ]  # RGB: ink only in registered red, only in presented blue, white elsewhere


def ink_map(image: Gray | npt.NDArray[np.uint8]) -> Gray:
    """255 where there is ink. Colour input: the darkest channel (red ink is dark in green and blue)."""
    gray = image.min(axis=2) if image.ndim == 3 else image
    gray = cv2.GaussianBlur(gray.astype(np.uint8), (3, 3), 0)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # scanner dust
    return ink.astype(np.uint8)


def normalise(image: Gray | npt.NDArray[np.uint8]) -> Normalised:
    ink = ink_map(image)
    points = cv2.findNonZero(ink)
    if points is None or len(points) < 50:
        raise NotASeal("no seal impression found in the image (blank or almost blank)")
    (cx, cy), radius = cv2.minEnclosingCircle(points)
    scale = RADIUS / max(radius, 1.0)
    matrix = np.array([[scale, 0, SIZE / 2 - scale * cx], [0, scale, SIZE / 2 - scale * cy]], np.float32)
    frame = cv2.warpAffine(ink, matrix, (SIZE, SIZE), flags=cv2.INTER_AREA)
    return Normalised(frame.astype(np.uint8), float(scale), (float(cx), float(cy)))


def _soft(ink: Gray, sigma: float = 2.0) -> Floats:
    return np.asarray(cv2.GaussianBlur(ink.astype(np.float32) / 255.0, (0, 0), sigma), np.float32)


def _zncc(a: Floats, b: Floats) -> float:
    a0, b0 = a - a.mean(), b - b.mean()
    denominator = float(np.sqrt((a0 * a0).sum() * (b0 * b0).sum()))
    return float((a0 * b0).sum() / denominator) if denominator > 0 else 0.0


def _rotation(angle_deg: float) -> npt.NDArray[np.float32]:
    m = cv2.getRotationMatrix2D((SIZE / 2, SIZE / 2), angle_deg, 1.0)
    return np.vstack([m, [0, 0, 1]]).astype(np.float32)


def _coarse_angle(reg: Gray, pre: Gray) -> float:
    """Best rotation on a grid over 360 degrees: both maps are centred on their enclosing circle, so a heavily
    blurred correlation at zero shift is enough to pick the angle; ECC refines it."""
    a = cv2.GaussianBlur(reg.astype(np.float32) / 255.0, (0, 0), 4.0)
    b = cv2.GaussianBlur(pre.astype(np.float32) / 255.0, (0, 0), 4.0)
    best, best_angle = -2.0, 0.0
    for step in range(int(360 / COARSE_STEP_DEG)):
        angle = step * COARSE_STEP_DEG
        turned = cv2.warpAffine(
            b, _rotation(angle)[:2], (SIZE, SIZE), flags=cv2.INTER_LINEAR + cv2.WARP_INVERSE_MAP
        )
        value = _zncc(np.asarray(a, np.float32), np.asarray(turned, np.float32))
        if value > best:
            best, best_angle = value, angle
    return best_angle


def compare(registered: Gray | npt.NDArray[np.uint8], presented: Gray | npt.NDArray[np.uint8]) -> Comparison:
    reg_n, pre_n = normalise(registered), normalise(presented)
    reg, pre = _soft(reg_n.ink), _soft(pre_n.ink)
    angle = _coarse_angle(reg_n.ink, pre_n.ink)
    warp = np.ascontiguousarray(_rotation(angle)[:2], np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 80, 1e-5)
    with contextlib.suppress(cv2.error):  # ECC did not converge: keep the coarse rotation
        _, found = cv2.findTransformECC(reg, pre, warp, cv2.MOTION_AFFINE, criteria, None, 5)  # type: ignore[call-overload]
        warp = np.asarray(found, np.float32)
    flags = cv2.INTER_LINEAR + cv2.WARP_INVERSE_MAP
    aligned = cv2.warpAffine(pre_n.ink, warp, (SIZE, SIZE), flags=flags).astype(np.uint8)
    score = max(0.0, _zncc(_soft(reg_n.ink, SCORE_SIGMA), _soft(aligned, SCORE_SIGMA)))
    # warp maps registered-frame points to presented-frame points; read its rotation and scale
    a, b = float(warp[0, 0]), float(warp[1, 0])
    residual_scale = math.hypot(a, b)
    rotation = math.degrees(math.atan2(b, a))
    scale = residual_scale * reg_n.scale / pre_n.scale
    shift = (pre_n.centre[0] - reg_n.centre[0], pre_n.centre[1] - reg_n.centre[1])
    return Comparison(
        score=round(score, 4),
        rotation_deg=round(((-rotation + 180) % 360) - 180, 1),
        scale=round(scale, 3),
        shift_px=(round(shift[0], 1), round(shift[1], 1)),
        registered=reg_n.ink,
        aligned=aligned,
        overlay=_overlay(reg_n.ink, aligned),
        difference=_difference(reg_n.ink, aligned),
    )


def _overlay(reg: Gray, pre: Gray) -> npt.NDArray[np.uint8]:
    r, p = reg > 127, pre > 127
    out = np.full((SIZE, SIZE, 3), 255, np.uint8)
    out[r] = (220, 40, 40)
    out[p] = (40, 80, 220)
    out[r & p] = (70, 20, 90)
    return out


def _difference(reg: Gray, pre: Gray) -> npt.NDArray[np.uint8]:
    r, p = reg > 127, pre > 127
    out = np.full((SIZE, SIZE, 3), 255, np.uint8)
    out[r & ~p] = (220, 40, 40)
    out[p & ~r] = (40, 80, 220)
    out[r & p] = (225, 225, 225)
    return out
