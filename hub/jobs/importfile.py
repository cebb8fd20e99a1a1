"""The employment service stations' daily vacancies file (docs/jobs-import.md): CSV, UTF-8; parsing is pure.

A station's file replaces that station's vacancies (the seed: updated daily, 004:673); all or nothing: a file
with any bad row is refused and every bad row named with its line, column and reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from hub.core.citations import SEED_004, Cite

DAILY_CITE = Cite(SEED_004, 673, "統合本縣 7 個就業服務台每日更新最新職缺資訊")
TOWNSHIP_CITE = Cite(SEED_004, 673, "依鄉鎮市進行選擇")
COLUMNS_CITE = Cite(
    SEED_004, 1811, "公司名稱	職缺名稱	職缺人數	薪資	學歷	工作內容	地址	電話"
)
#: Taoyuan County's 13 townships (the seed's offices, 004:1471-1477), in the county's usual order.
TOWNSHIPS = ("桃園市", "中壢市", "平鎮市", "八德市", "楊梅鎮", "大溪鎮", "蘆竹鄉", "大園鄉", "龜山鄉", "龍潭鄉",
             "新屋鄉", "觀音鄉", "復興鄉")  # fmt: skip
COLUMNS = ("township", "company", "title", "openings", "pay", "education", "duties", "address", "phone")
LIMITS = {"company": 60, "title": 40, "pay": 40, "education": 20, "duties": 300, "address": 100}
_PHONE = re.compile(r"^[0-9()+#\- ]{6,24}$")
MAX_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class Vacancy:
    line_no: int
    township: str
    company: str
    title: str
    openings: int
    pay: str
    education: str
    duties: str
    address: str
    phone: str


@dataclass(frozen=True, slots=True)
class RowProblem:
    line_no: int
    field: str
    reason: str


class ImportRefused(ValueError):
    def __init__(self, problems: list[RowProblem]) -> None:
        first = problems[0]
        super().__init__(f"nothing imported: {len(problems)} problem(s), first at line {first.line_no} "
                         f"({first.field}): {first.reason}")  # fmt: skip
        self.problems = problems


def _row(line_no: int, raw: dict[str, str]) -> Vacancy | RowProblem:
    values = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    if values["township"] not in TOWNSHIPS:
        return RowProblem(line_no, "township", f"must be one of {'、'.join(TOWNSHIPS)}")
    for field, limit in LIMITS.items():
        if not values[field]:
            return RowProblem(line_no, field, "is empty")
        if len(values[field]) > limit:
            return RowProblem(line_no, field, f"is longer than {limit} characters")
    if not values["openings"].isdigit() or not 1 <= int(values["openings"]) <= 999:
        return RowProblem(line_no, "openings", "must be a whole number from 1 to 999")
    if not _PHONE.fullmatch(values["phone"]):
        return RowProblem(line_no, "phone", "must be a phone number like 03-3525337#309")
    return Vacancy(line_no, values["township"], values["company"], values["title"], int(values["openings"]),
                   values["pay"], values["education"], values["duties"], values["address"], values["phone"])  # fmt: skip


def parse(text: str) -> list[Vacancy]:
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise ImportRefused([RowProblem(1, "file", "control character: this is not a CSV text file")])
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    if sorted(header) != sorted(COLUMNS):
        raise ImportRefused([RowProblem(1, "header", f"the header is {','.join(COLUMNS)}")])
    reader.fieldnames = header
    rows: list[Vacancy] = []
    problems: list[RowProblem] = []
    for raw in reader:
        if None in raw or any(v is None for v in raw.values()):
            problems.append(RowProblem(reader.line_num, "row", f"must have {len(COLUMNS)} fields"))
            continue
        if not any(v.strip() for v in raw.values()):
            continue
        parsed = _row(reader.line_num, raw)
        (rows if isinstance(parsed, Vacancy) else problems).append(parsed)  # type: ignore[arg-type]
        if len(rows) > MAX_ROWS:
            raise ImportRefused([RowProblem(reader.line_num, "file", f"more than {MAX_ROWS:,} rows")])
    if problems:
        raise ImportRefused(problems)
    return rows
