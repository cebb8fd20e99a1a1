"""One kindergarten's draw for one phase: frozen entrant lists, RFC 3797 ranking per group, admission, transcript.

Before the draw the announcement is published: the entrant list of every order group (tickets sorted by id,
with its SHA-256), the places, the staff-child cap, the hash and the *names* of the randomness sources.
At the draw the source values are filled in; every group is ranked by RFC 3797 with the key
``<sources>`` + extra material ``<draw id>:<group>``; groups are taken in seed order and tickets admitted
greedily while their pool has places (a joint ticket only whole; a staff child only under the 15% cap);
the others form the waitlist of their pool, in ranking order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hub.enrolment.lottery.rfc3797 import HASHES, SelectionError, key_string, select
from hub.enrolment.rules.ordering import OrderKey
from hub.enrolment.rules.quotas import Pool, Quota

FORMAT = "onestop-enrolment-lottery/1"


@dataclass(frozen=True, slots=True)
class Entry:
    """A registration entering the draw. ``together`` names a multiple-birth set drawn on one ticket."""

    registration: str
    key: OrderKey
    pool: Pool
    staff: bool = False
    together: str | None = None


@dataclass(frozen=True, slots=True)
class Ticket:
    ticket: str
    children: tuple[str, ...]
    staff: bool

    def line(self) -> str:
        return f"{self.ticket}|{','.join(self.children)}|{'S' if self.staff else '-'}"


@dataclass(frozen=True, slots=True)
class Group:
    key: OrderKey
    pool: Pool
    tickets: tuple[Ticket, ...]

    def entrants_text(self) -> str:
        return "".join(t.line() + "\n" for t in self.tickets)

    def sha256(self) -> str:
        return hashlib.sha256(self.entrants_text().encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Announcement:
    """Everything published before the draw; its fingerprint binds the entrant lists."""

    draw_id: str
    kindergarten: str
    phase: int
    places: tuple[tuple[Pool, int], ...]
    staff_cap: int
    hash_name: str
    sources: tuple[str, ...]
    groups: tuple[Group, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "draw_id": self.draw_id,
            "kindergarten": self.kindergarten,
            "phase": self.phase,
            "places": {pool.value: n for pool, n in self.places},
            "staff_cap": self.staff_cap,
            "hash": self.hash_name,
            "sources": list(self.sources),
            "groups": [
                {
                    "group": g.key.label(),
                    "pool": g.pool.value,
                    "entrants": [t.line() for t in g.tickets],
                    "entrants_sha256": g.sha256(),
                }
                for g in self.groups
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Announcement:
        """Rebuild a stored announcement (check its fingerprint against the published one before drawing)."""
        groups = []
        for g in data["groups"]:
            label = str(g["group"])
            line, _, rank = label[1:].partition("R")
            tickets = []
            for entrant in g["entrants"]:
                ticket, children, staff = str(entrant).split("|")
                tickets.append(Ticket(ticket, tuple(children.split(",")), staff == "S"))
            groups.append(Group(OrderKey(int(line), int(rank)), Pool(g["pool"]), tuple(tickets)))
        places = tuple((pool, int(data["places"].get(pool.value, 0))) for pool in Pool)
        return cls(
            str(data["draw_id"]),
            str(data["kindergarten"]),
            int(data["phase"]),
            places,
            int(data["staff_cap"]),
            str(data["hash"]),
            tuple(str(s) for s in data["sources"]),
            tuple(groups),
        )

    def fingerprint(self) -> str:
        canonical = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def announce(
    draw_id: str,
    kindergarten: str,
    phase: int,
    quota: Quota,
    entries: Iterable[Entry],
    sources: Sequence[str],
    hash_name: str = "sha256",
) -> Announcement:
    """Freeze the entrant lists: one ticket per child, or one per multiple-birth set drawn together."""
    if "/" in draw_id or ":" in draw_id:
        raise SelectionError("a draw id may not contain '/' or ':'")
    if hash_name not in HASHES:
        raise SelectionError(f"unknown hash {hash_name!r}")
    if not sources:
        raise SelectionError("name the randomness source(s) before the draw")
    sets: dict[str, list[Entry]] = {}
    singles: list[Entry] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.registration in seen:
            raise SelectionError(f"registration {entry.registration} entered twice")
        seen.add(entry.registration)
        (sets.setdefault(entry.together, []) if entry.together else singles).append(entry)
    grouped: dict[OrderKey, tuple[Pool, list[Ticket]]] = {}
    for entry in singles:
        ticket = Ticket(entry.registration, (entry.registration,), entry.staff)
        grouped.setdefault(entry.key, (entry.pool, []))[1].append(ticket)
    for name, members in sets.items():
        if len({(m.key, m.pool, m.staff) for m in members}) != 1:
            raise SelectionError(f"children drawn together ({name}) must share age, category and pool")
        children = tuple(sorted(m.registration for m in members))
        grouped.setdefault(members[0].key, (members[0].pool, []))[1].append(
            Ticket(f"T-{name}", children, members[0].staff)
        )
    groups = tuple(
        Group(key, pool, tuple(sorted(tickets, key=lambda t: t.ticket)))
        for key, (pool, tickets) in sorted(grouped.items())
    )
    places = tuple((pool, quota.places.get(pool, 0)) for pool in Pool)
    return Announcement(
        draw_id, kindergarten, phase, places, quota.staff_cap, hash_name, tuple(sources), groups
    )


@dataclass(frozen=True, slots=True)
class Placed:
    position: int
    ticket: Ticket
    group: str
    pool: Pool
    admitted: bool


@dataclass(frozen=True, slots=True)
class DrawResult:
    announcement: Announcement
    ranking: tuple[Placed, ...]
    transcript: dict[str, Any]

    def winners(self) -> list[Placed]:
        return [p for p in self.ranking if p.admitted]

    def waitlist(self, pool: Pool) -> list[Placed]:
        return [p for p in self.ranking if not p.admitted and p.pool is pool]


def draw(announcement: Announcement, values: Sequence[Sequence[int]]) -> DrawResult:
    """Run the announced draw with the source values; return the complete ranking and the transcript."""
    if len(values) != len(announcement.sources):
        raise SelectionError(f"{len(announcement.sources)} source(s) were announced, {len(values)} given")
    base = key_string(values)
    places = dict(announcement.places)
    staff_left = announcement.staff_cap
    ranking: list[Placed] = []
    groups_out: list[dict[str, Any]] = []
    for group in announcement.groups:
        label = group.key.label()
        key = key_string(values, f"{announcement.draw_id}:{label}")
        steps = select(key, len(group.tickets), hash_name=announcement.hash_name)
        groups_out.append(
            {
                "group": label,
                "key": key,
                "steps": [[s.index, s.remaining, s.remainder, group.tickets[s.chosen].ticket] for s in steps],
            }
        )
        for step in steps:
            ticket = group.tickets[step.chosen]
            size = len(ticket.children)
            fits = size <= places[group.pool] and (not ticket.staff or size <= staff_left)
            if fits:
                places[group.pool] -= size
                staff_left -= size if ticket.staff else 0
            ranking.append(Placed(len(ranking) + 1, ticket, label, group.pool, fits))
    winners = [c for p in ranking if p.admitted for c in p.ticket.children]
    transcript: dict[str, Any] = {
        "format": FORMAT,
        "announcement": announcement.to_json(),
        "announcement_sha256": announcement.fingerprint(),
        "randomness": [
            {"name": name, "values": list(v)} for name, v in zip(announcement.sources, values, strict=True)
        ],
        "base_key": base,
        "draws": groups_out,
        # [position, ticket, group, pool, admitted]; each ticket's children are in the announcement
        "ranking": [[p.position, p.ticket.ticket, p.group, p.pool.value, p.admitted] for p in ranking],
        "winners": winners,
        "waitlist": {
            pool.value: [list(p.ticket.children) for p in ranking if not p.admitted and p.pool is pool]
            for pool in Pool
        },
    }
    return DrawResult(announcement, tuple(ranking), transcript)
