"""The daily batch (pure): one data file, one manifest and one signature per agency and day, byte-identical on
every run for the same notices (canonical JSON, no clock, Ed25519 is deterministic)."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Protocol

FORMAT = "onestop.nplus-e.notices/1"
MANIFEST_FORMAT = "onestop.nplus-e.manifest/1"


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    """One registration change to tell one agency about. No full national ID: ``subject_key`` is the keyed hash
    the household-registration side uses, ``id_masked`` what a clerk may read over the phone."""

    notice_id: str
    change: str
    effective_date: str
    office: str
    name: str
    id_masked: str
    subject_key: str
    birth_date: str
    old_address: str
    new_address: str
    new_name: str


class Signer(Protocol):
    @property
    def key_id(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True, slots=True)
class AgencyFiles:
    """What goes to one agency for one day, in upload order (the manifest last: its arrival means complete)."""

    agency: str
    day: date
    records: int
    data_name: str
    data: bytes
    signature_name: str
    signature: bytes
    manifest_name: str
    manifest: bytes

    def files(self) -> list[tuple[str, bytes]]:
        return [
            (self.data_name, self.data),
            (self.signature_name, self.signature),
            (self.manifest_name, self.manifest),
        ]

    @property
    def manifest_sha256(self) -> str:
        return hashlib.sha256(self.manifest).hexdigest()


def canonical(value: object) -> bytes:
    """Sorted keys, no spaces, UTF-8 (Chinese kept readable), one trailing newline."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def build(
    agency: str, agency_name: str, day: date, records: Iterable[NoticeRecord], signer: Signer
) -> AgencyFiles:
    """The agency's files for ``day``; records are ordered by notice id so the input order does not matter."""
    ordered: Sequence[NoticeRecord] = sorted(records, key=lambda r: r.notice_id)
    ids = [r.notice_id for r in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError(f"agency {agency}: a notice appears twice in the day's batch")
    stem = f"nplus-e_{day.isoformat()}_{agency}"
    data = canonical(
        {
            "format": FORMAT,
            "agency": agency,
            "agency_name": agency_name,
            "day": day.isoformat(),
            "records": [asdict(r) for r in ordered],
        }
    )
    manifest = canonical(
        {
            "format": MANIFEST_FORMAT,
            "agency": agency,
            "day": day.isoformat(),
            "files": [
                {"name": f"{stem}.json", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            ],
            "records": len(ordered),
            "signature": {"alg": "Ed25519", "key_id": signer.key_id, "file": f"{stem}.manifest.json.sig"},
        }
    )
    signature = base64.b64encode(signer.sign(manifest)) + b"\n"
    return AgencyFiles(
        agency,
        day,
        len(ordered),
        f"{stem}.json",
        data,
        f"{stem}.manifest.json.sig",
        signature,
        f"{stem}.manifest.json",
        manifest,
    )
