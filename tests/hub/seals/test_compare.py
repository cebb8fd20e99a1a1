"""The comparison core on drawn impressions: alignment finds rotation and scale; the same seal scores above a
re-carved one with the same characters; a blank scan is refused."""

from __future__ import annotations

import numpy as np
import pytest

from hub.seals import compare
from onestop.dev.seal_stamps import Carving, Press, forgery, stamp

SEAL = Carving("王大明印")


def arr(image: object) -> np.ndarray:
    return np.asarray(image, dtype=np.uint8)


@pytest.mark.parametrize("angle", [-28.0, 17.0, 90.0, 175.0])
def test_rotation_scale_and_position_are_found(angle: float) -> None:
    registered = arr(stamp(SEAL, Press()))
    presented = arr(
        stamp(SEAL, Press(angle=angle, scale=1.08, shift=(25, -15), ink=(40, 40, 40), pressure=1, seed=2))
    )
    result = compare.compare(registered, presented)
    assert abs(((result.rotation_deg - angle + 180) % 360) - 180) < 2.0, result.rotation_deg
    assert abs(result.scale - 1.08) < 0.03
    assert result.score >= compare.ADVICE_THRESHOLD
    assert result.aligned.shape == result.registered.shape == (compare.SIZE, compare.SIZE)
    assert result.overlay.shape == result.difference.shape == (compare.SIZE, compare.SIZE, 3)


def test_a_recarved_seal_with_the_same_characters_scores_lower_than_the_same_seal() -> None:
    import random

    rng = random.Random(5)
    registered = arr(stamp(SEAL, Press()))
    same = [
        compare.compare(registered, arr(stamp(SEAL, Press(angle=a, seed=a + 50, pressure=p)))).score
        for a, p in [(8, 0), (-21, 1), (33, -1)]
    ]
    other = [
        compare.compare(registered, arr(stamp(forgery(SEAL, rng), Press(angle=a, seed=a)))).score
        for a in (5, -12, 27)
    ]
    assert min(same) > max(other), (same, other)


def test_a_blank_scan_is_not_a_seal() -> None:
    blank = np.full((300, 300, 3), 250, np.uint8)
    with pytest.raises(compare.NotASeal, match="no seal impression"):
        compare.compare(blank, blank)
