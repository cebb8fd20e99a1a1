"""Admission order of phases 1, 2 and 3 exactly as seed 003 lists it (五、招生順序), and who may enter a phase."""

from __future__ import annotations

from dataclasses import dataclass

from hub.enrolment.rules.calendar import Age, Phase
from hub.enrolment.rules.categories import Category, Kind
from hub.enrolment.rules.seed import Cite, s003

RULE_PHASE1_ONLY = s003(18, "第 1 階段(僅受理**需要協助**、**5 足歲**幼生登記)")
RULE_PHASE3 = s003(167, "續辦第 3 階段招生(簡章至少公告 5 日以上)始得續招非設籍本市幼兒、非本國籍幼兒")
RULE_PHASE3_LOSERS = s003(186, "經第 1、2 階段登記未錄取幼兒，得於其他幼兒園")
RULE_PRIORITY_CARD = s003(175, "可持原登記之幼兒園發予之【優先入園卡】")
RULE_CARD_BEFORE_NEW = s003(175, "但優先順位次於持有【優先入園卡】者")
RULE_PRIORITY_RANKS = s003(94, "| 順位 | 優先入園資格 | 設籍本市 | 應檢具證件 |")


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One numbered line of 招生順序: who it admits and where the seed says so."""

    phase: Phase
    number: int
    age: Age
    kind: Kind
    #: phase 2 lines (1)-(4): needs-assistance children holding a phase-1 priority card
    card: bool
    cite: Cite


def _line(
    phase: Phase, number: int, age: Age, kind: Kind, seed_line: int, quote: str, card: bool = False
) -> OrderLine:
    return OrderLine(phase, number, age, kind, card, s003(seed_line, quote))


NA, PR, GEN = Kind.NEEDS_ASSISTANCE, Kind.PRIORITY, Kind.GENERAL
A5, A4, A3, A2 = Age.FIVE, Age.FOUR, Age.THREE, Age.TWO

PHASE1_ORDER: tuple[OrderLine, ...] = (
    _line(Phase.ONE, 1, A5, NA, 138, "(1) 5足歲**需要協助**幼兒。"),
    _line(Phase.ONE, 2, A4, NA, 139, "(2) 4足歲**需要協助**幼兒。"),
    _line(Phase.ONE, 3, A3, NA, 141, "(3) 3 足歲需要協助幼兒。"),
    _line(Phase.ONE, 4, A2, NA, 142, "(4) 2 足歲需要協助幼兒。"),
    _line(Phase.ONE, 5, A5, PR, 143, "(5) 5 足歲優先入園資格幼兒。"),
    _line(Phase.ONE, 6, A5, GEN, 144, "(6) 5 足歲一般身分幼兒。"),
)

PHASE2_ORDER: tuple[OrderLine, ...] = (
    _line(Phase.TWO, 1, A5, NA, 150, "(1) 第 1 階段未錄取之 5 足歲需要協助幼兒。(持優先入園卡者)", card=True),
    _line(Phase.TWO, 2, A4, NA, 151, "(2) 第 1 階段未錄取之 4 足歲需要協助幼兒。(持優先入園卡者)", card=True),
    _line(Phase.TWO, 3, A3, NA, 152, "(3) 第 1 階段未錄取之 3 足歲需要協助幼兒。(持優先入園卡者)", card=True),
    _line(Phase.TWO, 4, A2, NA, 153, "(4) 第 1 階段未錄取之 2 足歲需要協助幼兒。(持優先入園卡者)", card=True),
    _line(Phase.TWO, 5, A5, NA, 154, "(5) 5 足歲需要協助幼兒。"),
    _line(Phase.TWO, 6, A4, NA, 155, "(6) 4 足歲需要協助幼兒。"),
    _line(Phase.TWO, 7, A3, NA, 156, "(7) 3 足歲需要協助幼兒。"),
    _line(Phase.TWO, 8, A2, NA, 157, "(8) 2 足歲需要協助幼兒。"),
    _line(Phase.TWO, 9, A5, PR, 158, "(9) 5 足歲優先入園資格幼兒。"),
    _line(Phase.TWO, 10, A5, GEN, 159, "(10) 5 足歲一般身分幼兒。"),
    _line(Phase.TWO, 11, A4, PR, 160, "(11) 4 足歲優先入園資格幼兒。"),
    _line(Phase.TWO, 12, A4, GEN, 161, "(12) 4 足歲一般身分幼兒。"),
    _line(Phase.TWO, 13, A3, PR, 162, "(13) 3 足歲優先入園資格幼兒。"),
    _line(Phase.TWO, 14, A3, GEN, 163, "(14) 3 足歲一般身分幼兒。"),
    _line(Phase.TWO, 15, A2, PR, 164, "(15) 2 足歲優先入園資格幼兒。"),
    _line(Phase.TWO, 16, A2, GEN, 165, "(16) 2 足歲一般身分幼兒。"),
)

#: Seed 003 gives no separate order for phase 3; it reuses phase 2's lines (documented in docs/enrolment.md).
PHASE3_ORDER: tuple[OrderLine, ...] = tuple(
    OrderLine(Phase.THREE, ln.number, ln.age, ln.kind, ln.card, ln.cite) for ln in PHASE2_ORDER
)

ORDERS: dict[Phase, tuple[OrderLine, ...]] = {
    Phase.ONE: PHASE1_ORDER,
    Phase.TWO: PHASE2_ORDER,
    Phase.THREE: PHASE3_ORDER,
}


@dataclass(frozen=True, slots=True, order=True)
class OrderKey:
    """Sort key of a draw group: the seed's line number, then the priority rank (順位) inside a line."""

    line: int
    rank: int

    def label(self) -> str:
        return f"L{self.line:02d}R{self.rank}"


def order_line(phase: Phase, category: Category, age: Age, has_priority_card: bool) -> OrderLine | None:
    """The line that admits this child in this phase, or None when the phase does not admit them."""
    kind = category.kind
    for line in ORDERS[phase]:
        if line.age is not age or line.kind is not kind:
            continue
        if line.card and not has_priority_card:
            continue
        return line
    return None


def order_key(phase: Phase, category: Category, age: Age, has_priority_card: bool) -> OrderKey | None:
    """Group key: line number, and for priority children their 順位 (rank 1 drawn before rank 2 ...)."""
    line = order_line(phase, category, age, has_priority_card)
    if line is None:
        return None
    rank = category.rule.rank if line.kind is Kind.PRIORITY and category.rule.rank is not None else 0
    return OrderKey(line.number, rank)
