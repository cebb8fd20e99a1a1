"""Categories (needs assistance ×6, priority ranks 1–5, general), residence rules and online eligibility."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hub.enrolment.rules.seed import Cite, s003


class Kind(StrEnum):
    NEEDS_ASSISTANCE = "needs_assistance"  # 需要協助
    PRIORITY = "priority"  # 優先入園
    GENERAL = "general"  # 一般


class Online(StrEnum):
    YES = "yes"  # ○ 可網路線上登記或紙本現場登記
    ON_SITE_ONLY = "on_site_only"  # × 一律採紙本現場登記
    IF_RESIDENT = "if_resident"  # 原住民: ○, but × 倘幼兒非設籍本市
    NOT_REGISTERED = "not_registered"  # - 由教育局鑑定安置後公告


@dataclass(frozen=True, slots=True)
class CategoryRule:
    kind: Kind
    label_zh: str
    label_en: str
    #: 順位 of a priority category (1 = first), None otherwise
    rank: int | None
    needs_residence: bool
    online: Online
    residence_rule: Cite
    online_rule: Cite


class Category(StrEnum):
    # 需要協助 (seed 003 lines 85-90)
    DISABILITY_PLACEMENT = "na_disability_placement"
    PARENT_DISABLED_MODERATE = "na_parent_disabled_moderate"
    LOW_INCOME = "na_low_income"
    MIDDLE_LOW_INCOME = "na_middle_low_income"
    INDIGENOUS = "na_indigenous"
    SPECIAL_CIRCUMSTANCES = "na_special_circumstances"
    # 優先入園 順位 1-5 (seed 003 lines 96-100)
    SOCIAL_REFERRAL = "p1_social_referral"
    PARENT_DISABLED_MILD = "p2_parent_disabled_mild"
    STAFF_CHILD = "p3_staff_child"
    MULTIPLE_BIRTH = "p4_multiple_birth"
    THREE_SIBLINGS = "p5_three_siblings"
    # 一般 (seed 003 lines 104-106)
    GENERAL_RESIDENT = "g_resident"
    ADOPTION_TRIAL = "g_adoption_trial"
    NON_RESIDENT = "g_non_resident"

    @property
    def rule(self) -> CategoryRule:
        return CATEGORY_RULES[self]

    @property
    def kind(self) -> Kind:
        return CATEGORY_RULES[self].kind


def _na(
    label_zh: str, label_en: str, res: bool, online: Online, rline: int, rq: str, oline: int, oq: str
) -> CategoryRule:
    return CategoryRule(
        Kind.NEEDS_ASSISTANCE, label_zh, label_en, None, res, online, s003(rline, rq), s003(oline, oq)
    )


def _pr(
    rank: int, label_zh: str, label_en: str, res: bool, online: Online, rq: str, oline: int, oq: str
) -> CategoryRule:
    return CategoryRule(
        Kind.PRIORITY, label_zh, label_en, rank, res, online, s003(95 + rank, rq), s003(oline, oq)
    )


CATEGORY_RULES: dict[Category, CategoryRule] = {
    Category.DISABILITY_PLACEMENT: _na(
        "身心障礙（鑑輔會安置）",
        "disability, placed by the special-education committee",
        True,
        Online.NOT_REGISTERED,
        85,
        "| 1 | 身心障礙(包含暫緩入學幼兒) | ○ |",
        113,
        "由教育局鑑定安置後公告",
    ),
    Category.PARENT_DISABLED_MODERATE: _na(
        "中度以上身心障礙者子女",
        "child of a parent with a moderate or severe disability",
        True,
        Online.YES,
        86,
        "| 2 | 中度以上身心障礙者子女 | ○ |",
        114,
        "中度以上身心障礙者子女 | ○ |",
    ),
    Category.LOW_INCOME: _na(
        "低收入戶子女",
        "child of a low-income household",
        True,
        Online.YES,
        87,
        "| 3 | 低收入戶子女 | ○ |",
        115,
        "低收入戶子女 | ○ |",
    ),
    Category.MIDDLE_LOW_INCOME: _na(
        "中低收入戶子女",
        "child of a middle-low-income household",
        True,
        Online.YES,
        88,
        "| 4 | 中低收入戶子女 | ○ |",
        116,
        "中低收入戶子女 | ○ |",
    ),
    Category.INDIGENOUS: _na(
        "原住民",
        "indigenous child",
        False,
        Online.IF_RESIDENT,
        89,
        "| 5 | 原住民 | × |",
        118,
        "倘幼兒非設籍本市須採紙本現場登記",
    ),
    Category.SPECIAL_CIRCUMSTANCES: _na(
        "特殊境遇家庭子女",
        "child of a family in special circumstances",
        True,
        Online.YES,
        90,
        "| 6 | 特殊境遇家庭子女 | ○ |",
        119,
        "特殊境遇家庭子女 | ○ |",
    ),
    Category.SOCIAL_REFERRAL: _pr(
        1,
        "社會局轉介之危機家庭或機構安置幼兒",
        "referred by the Social Affairs Bureau (family in crisis or in care)",
        False,
        Online.ON_SITE_ONLY,
        "| 1 | 經臺中市政府社會局(以下簡稱社會局)轉介輔導之危機家庭或機構安置之幼兒 | × |",
        120,
        "危機家庭或機構安置之幼兒 | × | 一律採紙本 現場登記",
    ),
    Category.PARENT_DISABLED_MILD: _pr(
        2,
        "輕度身心障礙者子女",
        "child of a parent with a mild disability",
        True,
        Online.YES,
        "| 2 | 輕度身心障礙者子女 | ○ |",
        121,
        "輕度身心障礙者子女 | ○ |",
    ),
    Category.STAFF_CHILD: _pr(
        3,
        "編制內教職員工之子女",
        "child of the kindergarten's (school's) own staff",
        True,
        Online.ON_SITE_ONLY,
        "名額以當年度可招收幼生名額15%為限) | ○ |",
        122,
        "編制內現職 教職員工之子女 | × |",
    ),
    Category.MULTIPLE_BIRTH: _pr(
        4,
        "雙胞胎或多胞胎幼兒",
        "twin or other multiple-birth child",
        True,
        Online.ON_SITE_ONLY,
        "| 4 | 雙胞胎或多胞胎幼兒 | ○ |",
        123,
        "雙胞胎或多胞胎 幼兒 | × |",
    ),
    Category.THREE_SIBLINGS: _pr(
        5,
        "家有同胞兄弟姊妹三人以上",
        "family with three or more siblings",
        True,
        Online.ON_SITE_ONLY,
        "| 5 | 幼兒家庭有同胞兄弟姊妹三人以上者 | ○ |",
        124,
        "幼兒家庭有 同胞兄弟姊妹三人 以上 | × |",
    ),
    Category.GENERAL_RESIDENT: CategoryRule(
        Kind.GENERAL,
        "一般生（設籍本市）",
        "general, resident in the city",
        None,
        True,
        Online.YES,
        s003(104, "設籍本市年滿2足歲以上至入國民小學前之幼兒"),
        s003(111, "符合設籍條件之一般幼兒 | ○ |"),
    ),
    Category.ADOPTION_TRIAL: CategoryRule(
        Kind.GENERAL,
        "試養階段之收養幼兒",
        "child in an adoption trial with a resident adopter",
        None,
        False,
        Online.ON_SITE_ONLY,
        s003(105, "之收養幼兒(不受設籍限制)"),
        s003(112, "之收養幼兒 | × | 一律採紙本現場登記"),
    ),
    Category.NON_RESIDENT: CategoryRule(
        Kind.GENERAL,
        "非設籍本市或非本國籍幼兒",
        "not resident in the city, or not a national",
        None,
        False,
        Online.ON_SITE_ONLY,
        s003(167, "始得續招非設籍本市幼兒、非本國籍幼兒"),
        s003(128, "112年1月31日前**非設籍本市**幼兒"),
    ),
}

RULE_STAFF_CAP = s003(98, "名額以當年度可招收幼生名額15%為限")
RULE_STAFF_OWN_SCHOOL = s003(98, "限就讀其一親等直系血親所任職之校(園)")
RULE_MULTIPLES_ON_SITE = s003(
    179, "籤卡**得由家長自行決定併同或分別抽籤並應出具切結書**，惟僅受理**現場報名**作業"
)
RULE_ON_SITE_NOTES = (
    s003(128, "112年1月31日前**非設籍本市**幼兒"),
    s003(129, "幼兒父母屬輕度及中度以上身心障礙者而**非設籍本市**"),
    s003(130, "與幼兒**設籍同戶者為祖父母及外祖父母**"),
)
RULE_PLACEMENT_ONLY_GENERAL = s003(181, "僅可以**一般生**資格辦理登記")
