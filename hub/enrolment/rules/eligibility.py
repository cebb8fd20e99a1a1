"""Who may register where, when and how: one pure check that returns the child's draw group or a refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hub.enrolment.rules.calendar import RULE_CLOSED, Age, Channel, Phase, SchoolYear
from hub.enrolment.rules.categories import (
    RULE_MULTIPLES_ON_SITE,
    RULE_ON_SITE_NOTES,
    RULE_STAFF_OWN_SCHOOL,
    Category,
    Kind,
    Online,
)
from hub.enrolment.rules.dates import format_both, require_aware
from hub.enrolment.rules.errors import (
    NoRegistrationNeeded,
    NotEligible,
    OnSiteOnly,
    PhaseNotOpen,
    RegistrationClosed,
    ResidenceRequired,
)
from hub.enrolment.rules.ordering import (
    RULE_PHASE1_ONLY,
    RULE_PHASE3,
    RULE_PRIORITY_CARD,
    OrderKey,
    order_key,
)
from hub.enrolment.rules.quotas import Pool, pool_of
from hub.enrolment.rules.seed import Cite


@dataclass(frozen=True, slots=True)
class Applicant:
    """Facts about a child, as checked against household, tax and welfare data (seed 000 line 91)."""

    birth: date
    category: Category
    #: 設籍本市 (household registration in the city) today
    resident: bool = True
    #: since when; children not resident by 31 January of the school year must register on site
    resident_since: date | None = None
    national: bool = True
    parent_disabled_non_resident: bool = False
    grandparents_household: bool = False
    has_priority_card: bool = False
    #: for STAFF_CHILD: the kindergarten where the parent works
    staff_kindergarten: str | None = None
    #: twins/multiples: any member of a multiple birth registers on site (seed 003 line 179)
    multiple_birth: bool = False


@dataclass(frozen=True, slots=True)
class Eligible:
    """The outcome of a successful check: the child's bracket, pool and draw group."""

    age: Age
    pool: Pool
    key: OrderKey


def _check_window(year: SchoolYear, phase: Phase, channel: Channel, at: datetime) -> None:
    if all(p.phase is not phase for p in year.phases):
        raise RegistrationClosed(
            f"第 {int(phase)} 階段尚未公告招生（簡章至少公告 5 日以上）。",
            f"Phase {int(phase)} has not been announced for school year {year.roc_year}; it opens only where "
            "places remain after phase 2, announced at least 5 days ahead.",
            RULE_PHASE3,
        )
    windows = year.schedule(phase).windows(channel)
    if any(w.contains(at) for w in windows):
        return
    how_zh = "線上" if channel is Channel.ONLINE else "現場"
    periods = "; ".join(f"{w.start:%m-%d %H:%M}–{w.end:%m-%d %H:%M}" for w in windows) or "none"
    if windows and at > max(w.end for w in windows):
        raise RegistrationClosed(
            f"第 {int(phase)} 階段{how_zh}登記已截止，截止後不得受理。登記時段：{periods}。",
            f"{channel.value.replace('_', '-')} registration for phase {int(phase)} has closed and cannot be "
            f"accepted after the deadline. Registration periods were: {periods}.",
            RULE_CLOSED,
        )
    raise RegistrationClosed(
        f"現在不是第 {int(phase)} 階段{how_zh}登記時間。登記時段：{periods}。",
        f"It is not a registration period for phase {int(phase)} ({channel.value.replace('_', '-')}). "
        f"Registration periods: {periods}.",
        RULE_CLOSED,
    )


def _on_site(reason_zh: str, reason_en: str, rule: Cite) -> OnSiteOnly:
    return OnSiteOnly(
        f"{reason_zh}，請攜帶戶口名簿到幼兒園現場登記，無法線上登記。",
        f"{reason_en}: please register on site at the kindergarten with your household register; "
        "online registration is not possible.",
        rule,
    )


def _check_online(year: SchoolYear, applicant: Applicant) -> None:
    rule = applicant.category.rule
    if rule.online is Online.ON_SITE_ONLY:
        raise _on_site(
            f"「{rule.label_zh}」一律採紙本現場登記",
            f"'{rule.label_en}' registers on site only",
            rule.online_rule,
        )
    if rule.online is Online.IF_RESIDENT and not applicant.resident:
        raise _on_site(
            "非設籍本市之原住民幼兒", "An indigenous child not resident in the city", rule.online_rule
        )
    if applicant.multiple_birth:
        raise _on_site("多胞胎（含雙胞胎）籤卡", "Twins and other multiples", RULE_MULTIPLES_ON_SITE)
    cutoff = date(year.ad_year, 1, 31)
    if not applicant.resident or applicant.resident_since is None or applicant.resident_since > cutoff:
        raise _on_site(
            f"{format_both(cutoff)} 前未設籍本市之幼兒",
            f"A child not resident in the city by {format_both(cutoff)}",
            RULE_ON_SITE_NOTES[0],
        )
    if applicant.parent_disabled_non_resident:
        raise _on_site(
            "身心障礙父母未設籍本市",
            "A parent with a disability not resident in the city",
            RULE_ON_SITE_NOTES[1],
        )
    if applicant.grandparents_household:
        raise _on_site(
            "與幼兒設籍同戶者為祖父母",
            "A child registered in the grandparents' household",
            RULE_ON_SITE_NOTES[2],
        )


def check_registration(
    year: SchoolYear,
    phase: Phase,
    kindergarten: str,
    applicant: Applicant,
    channel: Channel,
    at: datetime,
) -> Eligible:
    """Decide whether this registration may be accepted; raise an EnrolmentRefusal saying why not."""
    require_aware(at)
    age = year.age_of(applicant.birth)
    category = applicant.category
    rule = category.rule
    if rule.online is Online.NOT_REGISTERED:
        raise NoRegistrationNeeded(
            "鑑輔會安置之身心障礙幼兒不需登記，由教育局鑑定安置後公告。",
            "Children placed by the special-education committee do not register: the Education Bureau "
            "announces their placement. With a disability certificate but no placement, register as general.",
            rule.online_rule,
        )
    _check_window(year, phase, channel, at)
    if channel is Channel.ONLINE:
        _check_online(year, applicant)
    if phase is not Phase.THREE and (
        not applicant.national
        or (rule.needs_residence and not applicant.resident)
        or category is Category.NON_RESIDENT
    ):
        raise ResidenceRequired(
            f"「{rule.label_zh}」須設籍本市；非設籍本市或非本國籍幼兒，請於尚有缺額之幼兒園第 3 階段登記。",
            f"'{rule.label_en}' requires household registration in the city in phases 1 and 2; children who are "
            "not resident or not nationals may register in phase 3 where places remain.",
            RULE_PHASE3
            if category is Category.NON_RESIDENT or not applicant.national
            else rule.residence_rule,
        )
    if category is Category.STAFF_CHILD and applicant.staff_kindergarten != kindergarten:
        raise NotEligible(
            "教職員工子女優先資格限就讀其父母任職之校（園）；請改以一般生身分登記。",
            "The staff-child priority applies only at the kindergarten (school) where the parent works; "
            "register here as a general applicant instead.",
            RULE_STAFF_OWN_SCHOOL,
        )
    if applicant.has_priority_card and category.kind is not Kind.NEEDS_ASSISTANCE:
        raise NotEligible(
            "優先入園卡僅發給第 1 階段未錄取之需要協助幼兒。",
            "A priority card is only issued to needs-assistance children not admitted in phase 1.",
            RULE_PRIORITY_CARD,
        )
    key = order_key(phase, category, age, applicant.has_priority_card)
    if key is None:
        raise PhaseNotOpen(
            f"第 1 階段僅受理需要協助幼兒及 5 足歲幼兒登記；{int(age)} 足歲「{rule.label_zh}」請於第 2 階段登記。",
            f"Phase 1 accepts only needs-assistance children and 5-year-olds; a {int(age)}-year-old "
            f"'{rule.label_en}' child may register in phase 2.",
            RULE_PHASE1_ONLY,
        )
    return Eligible(age=age, pool=pool_of(age), key=key)


__all__ = ["Applicant", "Eligible", "check_registration"]
