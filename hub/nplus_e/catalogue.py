"""The N+e catalogue (pure): the 11 kinds and 71 agencies of seed 002, the registration changes that trigger a
notice, and the rules of the daily batch, each with the seed line it encodes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from hub.core.seed_cite import Cite, s002

DATA = Path(__file__).with_name("agencies.yaml")

#: One consent form printed at the counter instead of one form per agency.
ONE_FORM = s002(966, "需 11張申請書，不符節能減碳原則")
#: The citizen checks the printed form and signs it; that is the consent.
SIGNED_FORM = s002(3749, "腦即列印出申請書，汪先生僅需確認資料後簽名即完成")
#: The day's changes go out the next day as files, not weekly on paper.
NEXT_DAY_BATCH = s002(3089, "地政、稅捐及監理單位，改由民政局隔日將前 1工作日之異動")
DAILY_NOT_WEEKLY = s002(3093, "理單位下載使用，資料傳送頻率由每週提升為每日")
#: Agencies update their records within 7 days of receiving the file.
SEVEN_DAYS = s002(3751, "訴他，這些變更的資料每天透過電腦傳送給合作機關，再由合作機關於 7日")


class ChangeKind(StrEnum):
    """Registration changes after which the citizen may ask for the other agencies to be notified."""

    MOVE = "move"
    NAME = "name"
    BIRTH_DATE = "birth_date"
    ID_NUMBER = "id_number"


CHANGE_KINDS: dict[ChangeKind, tuple[str, Cite]] = {
    ChangeKind.MOVE: ("遷徙", s002(1214, "(1)民眾在辦理遷徙、改名、更正出生日期及身分證統一編號後，必")),
    ChangeKind.NAME: ("改名", s002(1214, "(1)民眾在辦理遷徙、改名、更正出生日期及身分證統一編號後，必")),
    ChangeKind.BIRTH_DATE: (
        "更正出生日期",
        s002(1214, "(1)民眾在辦理遷徙、改名、更正出生日期及身分證統一編號後，必"),
    ),
    ChangeKind.ID_NUMBER: (
        "更正身分證統一編號",
        s002(1214, "(1)民眾在辦理遷徙、改名、更正出生日期及身分證統一編號後，必"),
    ),
}


class CatalogueError(ValueError):
    """The agencies data file is inconsistent; the message says where."""


@dataclass(frozen=True, slots=True)
class AgencyKind:
    code: str
    zh: str
    en: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    kind: str
    name: str
    cite: Cite | None  # None: the seed does not name this agency (see the data file's header)


@dataclass(frozen=True, slots=True)
class Catalogue:
    kinds: tuple[AgencyKind, ...]
    agencies: tuple[Agency, ...]
    total_cite: Cite

    def agency(self, code: str) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    def of_kind(self, kind: str) -> tuple[Agency, ...]:
        return tuple(a for a in self.agencies if a.kind == kind)

    def cites(self) -> list[Cite]:
        found = [self.total_cite, *(k.cite for k in self.kinds)]
        return found + [a.cite for a in self.agencies if a.cite is not None]


def _cite(raw: Any, where: str) -> Cite:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("line"), int)
        or not isinstance(raw.get("quote"), str)
    ):
        raise CatalogueError(f"{where}: cite must be {{line: N, quote: '...'}}")
    return s002(raw["line"], raw["quote"])


def parse(raw: Any) -> Catalogue:
    """Check the data file's shape: 11 kinds, 71 agencies, unique codes, every agency of a known kind."""
    if not isinstance(raw, dict):
        raise CatalogueError("the agencies file must be a mapping with total, kinds and agencies")
    kinds = tuple(
        AgencyKind(str(k["code"]), str(k["zh"]), str(k["en"]), _cite(k.get("cite"), f"kind {k.get('code')}"))
        for k in raw.get("kinds", [])
    )
    agencies = tuple(
        Agency(
            str(a["code"]),
            str(a["kind"]),
            str(a["name"]),
            _cite(a["cite"], f"agency {a['code']}") if "cite" in a else None,
        )
        for a in raw.get("agencies", [])
    )
    total = raw.get("total", {})
    kind_codes = {k.code for k in kinds}
    if len(kind_codes) != len(kinds) or len(kinds) != 11:
        raise CatalogueError(f"there must be 11 distinct kinds of agency, found {len(kind_codes)}")
    codes = [a.code for a in agencies]
    if len(set(codes)) != len(codes):
        raise CatalogueError("agency codes must be unique")
    if len(agencies) != total.get("count"):
        raise CatalogueError(
            f"the file lists {len(agencies)} agencies but its total says {total.get('count')}"
        )
    for a in agencies:
        if a.kind not in kind_codes:
            raise CatalogueError(f"agency {a.code} has unknown kind {a.kind}")
    for k in kinds:
        if not any(a.kind == k.code for a in agencies):
            raise CatalogueError(f"kind {k.code} has no agency")
    return Catalogue(kinds, agencies, _cite(total.get("cite"), "total"))


@functools.cache
def load(path: Path = DATA) -> Catalogue:
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))
