"""Follow-up tips (戶政貼心小叮嚀): what to do next at other agencies after 8 kinds of registration (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from hub.counter.calc.cite import s002
from hub.counter.calc.errors import CalcError

#: The 8 kinds, in the seed's order (seed 002 lines 2462-2464 and 3293-3295).
KINDS = ("birth", "name_change", "move", "marriage", "nationality", "passport", "divorce", "death")
SEED_KINDS = s002(2462, "以戶籍登記項目分類，計有出生、改名、遷徙、結婚")
SEED_KINDS_2 = s002(2464, "國籍、護照親辦、離婚及死亡等 8大類")
SEED_ITEMS = s002(2466, "共計有「新生兒加")
SEED_TIPS_ONLINE = s002(3295, "改名、遷徙、結婚、國籍、護照親辦、離婚及死亡等貼心小叮嚀功")
TIP_CITES = (SEED_KINDS, SEED_KINDS_2, SEED_ITEMS, SEED_TIPS_ONLINE)
MAX_ITEMS = 40


@dataclass(frozen=True, slots=True)
class Tip:
    title: str
    agency: str
    note: str = ""

    def line(self) -> str:
        return " | ".join(x for x in (self.title, self.agency, self.note) if x)


@dataclass(frozen=True, slots=True)
class TipList:
    kind: str
    title: str
    items: tuple[Tip, ...]


def parse_items(lines: Sequence[str], field: str = "items") -> tuple[Tip, ...]:
    """``title | agency | note`` per line; CalcError naming the line when a title or agency is missing."""
    tips: list[Tip] = []
    for n, raw in enumerate(x for x in lines if x.strip()):
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 3:
            raise CalcError(f"{field}[{n}]", f"第 {n + 1} 行請寫成「事項 | 機關 | 備註」。",
                            f"line {n + 1}: write 'what to do | agency | note'")  # fmt: skip
        if any(len(p) > 200 for p in parts):
            raise CalcError(
                f"{field}[{n}]", f"第 {n + 1} 行太長。", f"line {n + 1} is too long (200 per part)"
            )
        tips.append(Tip(parts[0], parts[1], parts[2] if len(parts) == 3 else ""))
    if not tips or len(tips) > MAX_ITEMS:
        raise CalcError(field, f"請列 1 至 {MAX_ITEMS} 項。", f"give 1 to {MAX_ITEMS} items")
    return tuple(tips)


@cache
def shipped_tips() -> Mapping[str, TipList]:
    data = yaml.safe_load(
        resources.files("hub.counter.docs").joinpath("tips.yaml").read_text(encoding="utf-8")
    )
    return {
        k: TipList(k, str(data[k]["title"]), parse_items([str(i) for i in data[k]["items"]])) for k in KINDS
    }
