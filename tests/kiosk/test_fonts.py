"""Extracting the Traditional Chinese face of Noto Sans CJK into a cache file (no Kivy)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from kiosk.fonts import FontExtractError, extract_face, face_index, find_cjk_font, traditional_chinese_font
from tests.environment import unavailable


@pytest.fixture(scope="module")
def collection() -> Path:
    found = find_cjk_font("Regular")
    if found is None or found.suffix != ".ttc":
        unavailable("fonts-noto-cjk (NotoSansCJK-Regular.ttc) is not installed")
    return found


def glyph(path: Path, ch: str, index: int = 0) -> Image.Image:
    image = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(image).text((8, 0), ch, font=ImageFont.truetype(str(path), 64, index=index), fill=255)
    return image


def test_extracted_face_is_the_tc_face_and_is_reused(collection: Path, tmp_path: Path) -> None:
    """GIVEN the collection WHEN the TC face is extracted THEN it draws 直 exactly as the collection's TC
    member does (not as face 0, JP), and a second call reuses the file without writing it again."""
    tc = face_index(collection)
    path = extract_face(collection, tmp_path)
    assert path.parent == tmp_path and path.suffix == ".otf"
    assert ImageChops.difference(glyph(path, "直"), glyph(collection, "直", tc)).getbbox() is None
    assert ImageChops.difference(glyph(path, "直"), glyph(collection, "直", 0)).getbbox() is not None
    written = path.stat().st_mtime_ns
    assert extract_face(collection, tmp_path) == path and path.stat().st_mtime_ns == written
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_missing_collection_is_refused_and_nothing_written(tmp_path: Path) -> None:
    with pytest.raises(FontExtractError, match=r"does not exist .*fonts-noto-cjk"):
        extract_face(tmp_path / "nope.ttc", tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_unreadable_collection_is_refused_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttc"
    bad.write_bytes(b"not a font collection")
    with pytest.raises(FontExtractError, match="cannot read font collection"):
        extract_face(bad, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_family_not_in_collection_names_the_faces_there(collection: Path, tmp_path: Path) -> None:
    with pytest.raises(FontExtractError, match=r"no 'Noto Sans CJK XX' face .*Noto Sans CJK TC"):
        extract_face(collection, tmp_path, family="Noto Sans CJK XX")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_cache_falls_back_to_the_collection(collection: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    assert traditional_chinese_font("Regular", blocker / "fonts") == collection
