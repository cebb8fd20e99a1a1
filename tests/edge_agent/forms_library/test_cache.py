"""The agent's library cache: a file is checked against its announced hash before anything changes, the
previous version stays on disk and in the index after a refusal, and a restart finds what was cached."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from edge_agent.forms_library.cache import LibraryCache, WrongHash
from wire.payloads.forms import LibraryCategory, LibraryEntry


def entry(version: int, data: bytes) -> LibraryEntry:
    return LibraryEntry(code="HR-F01", category="TRANS", title="戶籍謄本申請書", version=version,
                        effective="2026-01-01", kind="template", sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data))  # fmt: skip


def test_a_wrong_hash_is_refused_and_the_held_version_kept(tmp_path: Path) -> None:
    cache = LibraryCache(tmp_path)
    v1 = b'{"pages": [[{"key": "name", "label": "name", "lines": 1}]]}'
    cache.store(entry(1, v1), v1)
    announced = entry(2, b"the bytes the hub stored")
    with pytest.raises(WrongHash, match="kept the version held"):
        cache.store(announced, b"the bytes that arrived")
    held = cache.held("HR-F01")
    assert held is not None and held.entry.version == 1 and held.read() == v1
    assert sorted(p.name for p in (tmp_path / "files").iterdir()) == [held.path.name]  # nothing half-written
    cache.set_index(7, [LibraryCategory(code="TRANS", name="謄本", name_en="Transcripts", order=19)])
    again = LibraryCache(tmp_path)  # after a restart
    assert again.revision == 7 and again.held("HR-F01").entry.version == 1  # type: ignore[union-attr]
    assert again.has(entry(1, v1)) and not again.has(announced)


def test_a_file_damaged_on_disk_is_noticed_when_printed(tmp_path: Path) -> None:
    cache = LibraryCache(tmp_path)
    data = json.dumps({"pages": []}).encode()
    held = cache.store(entry(3, data), data)
    held.path.write_bytes(b"damaged")
    with pytest.raises(WrongHash, match="no longer matches"):
        held.read()
