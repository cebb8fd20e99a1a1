"""Scanned pages kept on the kiosk's disk until the hub confirmed it stored them (one folder per batch)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from edge_agent.devices.scanner.pages import ScannedPage
from edge_agent.files import write_atomic
from wire.payloads.documents import MediaType, PageFlag


class PageStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _manifest_path(self, batch: str) -> Path:
        return self.root / batch / "manifest.json"

    def manifest(self, batch: str) -> dict[str, Any]:
        path = self._manifest_path(batch)
        if not path.exists():
            return {"batch": batch, "pages": [], "batch_events": []}
        loaded: dict[str, Any] = json.loads(path.read_text())
        return loaded

    def _save_manifest(self, batch: str, manifest: dict[str, Any]) -> None:
        write_atomic(self._manifest_path(batch), json.dumps(manifest, indent=1).encode())

    def page_count(self, batch: str) -> int:
        return len(self.manifest(batch)["pages"])

    def add_page(self, batch: str, index: int, page: ScannedPage) -> Path:
        """Write the image and list it (state ``scanned``) before anything is sent."""
        folder = self.root / batch
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / f"page-{index:03d}.jpg"
        write_atomic(file, page.data)
        manifest = self.manifest(batch)
        manifest["pages"].append({"index": index, "file": file.name, "sha256": page.sha256, "case_no": page.case_no,
                                  "flags": [f.value for f in page.flags], "media_type": page.media_type.value,
                                  "width": page.width, "height": page.height, "events": [],
                                  "state": "scanned"})  # fmt: skip
        self._save_manifest(batch, manifest)
        return file

    def unsent(self) -> list[tuple[str, int, ScannedPage]]:
        """Pages written but never handed to the outbox (the agent stopped in between), to send again."""
        out = []
        for batch in self.batches():
            for entry in self.manifest(batch)["pages"]:
                if entry["state"] != "scanned":
                    continue
                data = (self.root / batch / entry["file"]).read_bytes()
                page = ScannedPage(entry["case_no"], tuple(PageFlag(f) for f in entry["flags"]), data,
                                   MediaType(entry["media_type"]), entry["sha256"], entry["width"],
                                   entry["height"])  # fmt: skip
                out.append((batch, int(entry["index"]), page))
        return out

    def mark_sent(self, batch: str, index: int, event_ids: list[str]) -> None:
        manifest = self.manifest(batch)
        for entry in manifest["pages"]:
            if entry["index"] == index:
                entry["events"], entry["state"] = event_ids, "sent"
        self._save_manifest(batch, manifest)

    def add_batch_event(self, batch: str, event_id: str) -> None:
        manifest = self.manifest(batch)
        manifest["batch_events"].append(event_id)
        self._save_manifest(batch, manifest)

    def local_files(self, batch: str) -> list[Path]:
        return sorted((self.root / batch).glob("page-*.jpg")) if (self.root / batch).exists() else []

    def batches(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if (p / "manifest.json").exists())

    def purge_confirmed(self, pending: Callable[[Collection[str]], set[str]]) -> int:
        """Delete the images whose every event the hub acknowledged; a fully confirmed batch folder goes.

        ``pending(ids)`` answers which of ``ids`` are still waiting for the hub. Returns files deleted.
        """
        deleted = 0
        for batch in self.batches():
            manifest = self.manifest(batch)
            ids = [i for e in manifest["pages"] for i in e["events"]] + manifest["batch_events"]
            waiting = pending(ids)
            changed = False
            for entry in manifest["pages"]:
                if entry["state"] == "sent" and not (set(entry["events"]) & waiting):
                    (self.root / batch / entry["file"]).unlink(missing_ok=True)
                    entry["state"] = "confirmed"
                    deleted += 1
                    changed = True
            if changed:
                self._save_manifest(batch, manifest)
            confirmed = all(e["state"] == "confirmed" for e in manifest["pages"])
            if confirmed and manifest["batch_events"] and not (set(manifest["batch_events"]) & waiting):
                shutil.rmtree(self.root / batch)
        return deleted
