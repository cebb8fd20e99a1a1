#!/usr/bin/env python3
"""Independently re-run kindergarten lottery transcripts (RFC 3797) and confirm every ranking.

Standard library only, no project imports: anyone can copy this one file and check a published draw.

    python3 verify_lottery.py [--show] TRANSCRIPT.json [MORE.json | DIRECTORY ...]

``--show`` prints every selection as RFC 3797 tabulates it (index, hash value, pool size, selected ticket).

For each transcript it checks: each group's entrant list matches its published SHA-256; the announcement
fingerprint; the key string built from the published randomness values (RFC 3797 §4: each source's numbers
sorted ascending, each followed by '.', each source closed by '/', then '<draw id>:<group>./'); every
selection (hash of 2-byte index + key + 2-byte index, big-endian integer modulo the remaining pool); the
admission of tickets in ranking order against the places and the staff cap; the winners and the waitlists.
Exit status 0 when every transcript verifies, 1 otherwise.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

FORMAT = "onestop-enrolment-lottery/1"


class Mismatch(Exception):
    pass


def source_string(values: list[int]) -> str:
    if not values or any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values):
        raise Mismatch(f"bad randomness values {values!r}")
    return "".join(f"{v}." for v in sorted(values)) + "/"


def rank(key: str, size: int, hash_name: str) -> list[tuple[int, str, int, int, int]]:
    remaining = list(range(size))
    out = []
    for index in range(size):
        prefix = index.to_bytes(2, "big")
        value = hashlib.new(hash_name, prefix + key.encode("utf-8") + prefix).digest()
        remainder = int.from_bytes(value, "big") % len(remaining)
        out.append((index, value.hex().upper(), len(remaining), remainder, remaining.pop(remainder)))
    return out


def expect(what: str, got: object, want: object) -> None:
    if got != want:
        raise Mismatch(f"{what}: transcript says {want!r}, recomputed {got!r}")


def verify(transcript: dict[str, Any], show: bool = False) -> int:
    """Raise Mismatch on the first difference; return the number of ranked tickets."""
    expect("format", transcript.get("format"), FORMAT)
    ann = transcript["announcement"]
    canonical = json.dumps(ann, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expect(
        "announcement fingerprint",
        hashlib.sha256(canonical.encode()).hexdigest(),
        transcript["announcement_sha256"],
    )
    if ann["hash"] not in ("sha256", "md5"):
        raise Mismatch(f"unknown hash {ann['hash']!r}")
    names = [r["name"] for r in transcript["randomness"]]
    expect("randomness sources named in advance", names, ann["sources"])
    base = "".join(source_string(r["values"]) for r in transcript["randomness"])
    expect("base key", base, transcript["base_key"])
    labels = [g["group"] for g in ann["groups"]]
    expect("group order", sorted(labels), labels)
    expect("groups drawn", [d["group"] for d in transcript["draws"]], labels)
    places = dict(ann["places"])
    staff_left = ann["staff_cap"]
    ranking: list[list[Any]] = []
    children_of: dict[str, list[str]] = {}
    for group, drawn in zip(ann["groups"], transcript["draws"], strict=True):
        text = "".join(line + "\n" for line in group["entrants"])
        expect(
            f"entrants hash of {group['group']}",
            hashlib.sha256(text.encode()).hexdigest(),
            group["entrants_sha256"],
        )
        tickets = [line.split("|") for line in group["entrants"]]
        expect(f"entrant order of {group['group']}", sorted(t[0] for t in tickets), [t[0] for t in tickets])
        key = base + f"{ann['draw_id']}:{group['group']}./"
        expect(f"key of {group['group']}", key, drawn["key"])
        selections = rank(key, len(tickets), ann["hash"])
        steps = [[i, n, r, tickets[c][0]] for i, _, n, r, c in selections]
        if show:
            print(f"{ann['draw_id']} {group['group']}  key {key}")
            print(" index  hash value                                                        div  selected")
            for i, digest, n, _, c in selections:
                print(f"{i + 1:>6}  {digest}  {n:>4}  -> {tickets[c][0]}")
        expect(f"selections of {group['group']}", steps, drawn["steps"])
        for _, _, _, _, chosen in selections:
            ticket, children, staff = tickets[chosen]
            members = children.split(",")
            fits = len(members) <= places[group["pool"]] and (staff != "S" or len(members) <= staff_left)
            if fits:
                places[group["pool"]] -= len(members)
                staff_left -= len(members) if staff == "S" else 0
            ranking.append([len(ranking) + 1, ticket, group["group"], group["pool"], fits])
            children_of[ticket] = members
    expect("ranking", ranking, transcript["ranking"])
    expect("winners", [c for p in ranking if p[4] for c in children_of[p[1]]], transcript["winners"])
    waitlist = {
        pool: [children_of[p[1]] for p in ranking if not p[4] and p[3] == pool] for pool in ann["places"]
    }
    expect("waitlists", waitlist, transcript["waitlist"])
    return len(ranking)


def files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for arg in args:
        path = Path(arg)
        out.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    show = "--show" in argv
    ok = bad = tickets = 0
    for path in files([a for a in argv if a != "--show"]):
        try:
            tickets += verify(json.loads(path.read_text(encoding="utf-8")), show)
            ok += 1
        except (Mismatch, KeyError, TypeError, ValueError) as exc:
            bad += 1
            print(f"FAIL {path}: {type(exc).__name__}: {exc}")
    print(f"verified {ok} transcript(s), {tickets} ranked ticket(s); {bad} failed")
    return 0 if bad == 0 and ok > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
