"""Taichung's 29 household-registration offices (seed 002): codes, names, and the check every request uses."""

from __future__ import annotations

from hub.core.seed_cite import s002

#: After the city and county merged there are 29 district offices.
TWENTY_NINE = s002(2133, "1.經費預算不足：臺中縣市合併後戶政事務所增加，從 8區增加至 29")

_DISTRICTS = (
    ("central", "中區"), ("east", "東區"), ("south", "南區"), ("west", "西區"), ("north", "北區"),
    ("xitun", "西屯區"), ("nantun", "南屯區"), ("beitun", "北屯區"), ("fengyuan", "豐原區"),
    ("dongshi", "東勢區"), ("dajia", "大甲區"), ("qingshui", "清水區"), ("shalu", "沙鹿區"),
    ("wuqi", "梧棲區"), ("houli", "后里區"), ("shengang", "神岡區"), ("tanzi", "潭子區"),
    ("daya", "大雅區"), ("xinshe", "新社區"), ("shigang", "石岡區"), ("waipu", "外埔區"),
    ("daan", "大安區"), ("wuri", "烏日區"), ("dadu", "大肚區"), ("longjing", "龍井區"),
    ("wufeng", "霧峰區"), ("taiping", "太平區"), ("dali", "大里區"), ("heping", "和平區"),
)  # fmt: skip

#: office code -> name, e.g. ``tc-xitun`` -> 臺中市西屯區戶政事務所
OFFICES: dict[str, str] = {f"tc-{code}": f"臺中市{name}戶政事務所" for code, name in _DISTRICTS}


class UnknownOffice(ValueError):
    """An office code that is not one of the 29; ``field`` names the request field."""

    def __init__(self, field: str, code: str) -> None:
        shown = code[:40]
        super().__init__(f"{field}: there is no household-registration office {shown!r} (e.g. tc-xitun)")
        self.field = field


def check_office(code: str, field: str = "office") -> str:
    if code not in OFFICES:
        raise UnknownOffice(field, code)
    return code
