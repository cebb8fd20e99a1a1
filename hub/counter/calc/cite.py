"""Where each rule comes from: a seed 002 line (quoted verbatim, checked by a test) or a statute article."""

from __future__ import annotations

from dataclasses import dataclass

SEED_002 = "002_faecce6e5ba8fc5e.txt"


@dataclass(frozen=True, slots=True)
class Cite:
    """A pointer into a seed document; ``quote`` appears verbatim on ``line`` of ``file``."""

    file: str
    line: int
    quote: str

    def __str__(self) -> str:
        return f"seed {self.file}:{self.line} 「{self.quote}」"


@dataclass(frozen=True, slots=True)
class Law:
    """An article of a statute, with the sentence the rule rests on (as promulgated, 全國法規資料庫)."""

    statute: str
    article: str
    text: str

    def __str__(self) -> str:
        return f"{self.statute}{self.article}：「{self.text}」"


def s002(line: int, quote: str) -> Cite:
    return Cite(SEED_002, line, quote)


# -- the seed's own statements of each rule -------------------------------------------------------------
SEED_CONCEPTION = s002(998, "按民法規定，自出生日起往前回溯 181至 302日為受胎期間")
SEED_CONCEPTION_FIGURE = s002(2003, "受胎期間回推181~302天")
SEED_RESIDENCE_SPOUSE = s002(988, "外籍人士申請歸化我國國籍，依國籍法規定，外籍配偶須連續 3")
SEED_RESIDENCE_YEARS = s002(990, "年且每年在國內居留 183日以上；非外籍配偶者，則須連續 5年")
SEED_RESIDENCE_DAILY = s002(994, "須按每次出入境日期逐日累計")
SEED_ALLOWANCE_RESIDENCE = s002(1007, "針對父或母設籍臺中市 180天以上")
SEED_ALLOWANCE_WINDOW = s002(1009, "於 6個月內戶政所向申辦新生兒出生登記者，可同時申領生育津")
SEED_DEADLINE_HOLIDAY = s002(1991, "法定申辦期間末日遇")
SEED_DEADLINE_HOLIDAY_2 = s002(1993, "國定假日應順延")
SEED_MONTH_VS_DAYS = s002(1999, "1個月 & 30天")
SEED_FINE_OLD_NEW = s002(1542, "能自動判斷事件發生日期適用新法或舊法之裁處金額")

SEED_CITES: tuple[Cite, ...] = (
    SEED_CONCEPTION,
    SEED_CONCEPTION_FIGURE,
    SEED_RESIDENCE_SPOUSE,
    SEED_RESIDENCE_YEARS,
    SEED_RESIDENCE_DAILY,
    SEED_ALLOWANCE_RESIDENCE,
    SEED_ALLOWANCE_WINDOW,
    SEED_DEADLINE_HOLIDAY,
    SEED_DEADLINE_HOLIDAY_2,
    SEED_MONTH_VS_DAYS,
    SEED_FINE_OLD_NEW,
)

# -- the statutes -------------------------------------------------------------------------------------------
CIVIL_1062 = Law("民法", "第1062條", "從子女出生日回溯第一百八十一日起至第三百零二日止，為受胎期間。")
CIVIL_120 = Law("民法", "第120條", "以日、星期、月或年定期間者，其始日不算入。")
CIVIL_121 = Law(
    "民法",
    "第121條",
    "以日、星期、月或年定期間者，以期間末日之終止，為期間之終止。期間不以星期、月或年之始日起算者，"
    "以最後之星期、月或年與起算日相當日之前一日，為期間之末日。但以月或年定期間，於最後之月，無相當日者，"
    "以其月之末日，為期間之末日。",
)
CIVIL_122 = Law(
    "民法",
    "第122條",
    "於一定期日或期間內，應為意思表示或給付者，其期日或其期間之末日，為星期日、紀念日或其他休息日時，"
    "以其休息日之次日代之。",
)
CIVIL_123 = Law("民法", "第123條", "稱月或年者，依曆計算。")
NATIONALITY_3 = Law(
    "國籍法", "第3條", "於中華民國領域內，每年合計有一百八十三日以上合法居留之事實繼續五年以上。"
)
NATIONALITY_4 = Law(
    "國籍法",
    "第4條",
    "於中華民國領域內，每年合計有一百八十三日以上合法居留之事實繼續三年以上，並有下列各款情形之一者，"
    "亦得申請歸化：一、為中華民國國民之配偶。",
)
