"""The library's disk cache: ``index.json`` (the categories and, per form, the version held) and one file per
version (``files/<code>-v<version>-<sha8>``). A file is written (temp + fsync + rename) before the index names
it, so a crash leaves the previous version in use; a file whose bytes do not hash to what the index says is
treated as missing."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edge_agent.files import write_atomic
from wire.payloads.forms import LibraryCategory, LibraryEntry


class WrongHash(ValueError):
    """The bytes fetched do not hash to the SHA-256 the hub announced."""


@dataclass(frozen=True, slots=True)
class Held:
    """A form version on disk."""

    entry: LibraryEntry
    path: Path

    def read(self) -> bytes:
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.entry.sha256:
            raise WrongHash(f"{self.path.name} on disk no longer matches its hash")
        return data


class LibraryCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files = directory / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._index_path = directory / "index.json"
        raw: dict[str, Any] = {}
        if self._index_path.exists():
            try:
                raw = json.loads(self._index_path.read_text(encoding="utf-8"))
            except ValueError:
                raw = {}  # a torn index: start over, the next sync fetches everything again
        self.revision: int = int(raw.get("revision", 0))
        self.categories: list[LibraryCategory] = [
            LibraryCategory.model_validate(c) for c in raw.get("categories", [])
        ]
        self._held: dict[str, Held] = {}
        for code, item in raw.get("forms", {}).items():
            entry = LibraryEntry.model_validate(item["entry"])
            self._held[code] = Held(entry, self.files / item["file"])

    def held(self, code: str) -> Held | None:
        with self._lock:
            return self._held.get(code)

    def all_held(self) -> list[Held]:
        with self._lock:
            return sorted(self._held.values(), key=lambda h: (h.entry.category, h.entry.code))

    def has(self, entry: LibraryEntry) -> bool:
        held = self.held(entry.code)
        return held is not None and held.entry.version >= entry.version and held.path.exists()

    def store(self, entry: LibraryEntry, data: bytes) -> Held:
        """Check ``data`` against ``entry.sha256`` (WrongHash: nothing changes), write it, then name it."""
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry.sha256 or len(data) != entry.size:
            raise WrongHash(
                f"form {entry.code} version {entry.version}: the download hashes to {digest[:12]}…, "
                f"the hub announced {entry.sha256[:12]}… ({len(data)} of {entry.size} bytes); kept the version held"
            )
        path = self.files / f"{entry.code}-v{entry.version}-{digest[:8]}"
        write_atomic(path, data)
        with self._lock:
            old = self._held.get(entry.code)
            self._held[entry.code] = Held(entry, path)
            self._save()
        if old is not None and old.path != path:
            old.path.unlink(missing_ok=True)
        return self._held[entry.code]

    def set_index(self, revision: int, categories: list[LibraryCategory]) -> None:
        with self._lock:
            self.revision = revision
            self.categories = categories
            self._save()

    def _save(self) -> None:
        doc = {
            "revision": self.revision,
            "categories": [c.model_dump(mode="json") for c in self.categories],
            "forms": {
                code: {"entry": h.entry.model_dump(mode="json"), "file": h.path.name}
                for code, h in self._held.items()
            },
        }
        write_atomic(self._index_path, json.dumps(doc, ensure_ascii=False).encode())
