"""The fake agent's stand-in hub for the services of issue 17 (fines): sample data and answers shaped by wire."""

from __future__ import annotations

from typing import Any

from kiosk.agent_client import AgentError
from wire.payloads.faq import KIOSK_PAGE as PAGE
from wire.payloads.faq import FaqCategory, FaqItem, FaqPage, FaqSearch
from wire.payloads.fines import Detail, FineInfo, FineKey, FineList, FineLookup, fine_payment_no
from wire.payloads.jobs import JobRow, JobsBrowse, JobsPage, TownshipCount


def _fine(
    fine_no: str, issued: str, decision: str, amount: int, due: str, key: str, masked: str
) -> dict[str, Any]:
    info = FineInfo(fine_no=fine_no, issued_on=issued, decision_no=decision, amount=amount, due_on=due,
                    agency="桃園縣政府環保局", payer_masked=masked, payer_name="王○明", rule=None,
                    payment_no=fine_payment_no(fine_no), store=amount <= 20_000)  # fmt: skip
    return {"key": key, "info": info.model_dump(mode="json")}


#: Seven unpaid fines of the test ID A123456789 (the seed's first row among them) and one of a company.
SAMPLE_FINES: tuple[dict[str, Any], ...] = (
    _fine("9807021234", "2009-07-02", "12345678901234", 800, "2027-01-15", "A123456789", "A12345****"),
    *(
        _fine(
            f"11511{i:05d}",
            "2026-11-0" + str(i),
            f"1151100000{i:04d}",
            600 * i,
            "2027-01-2" + str(i),
            "A123456789",
            "A12345****",
        )
        for i in range(1, 6)
    ),
    _fine("1151200001", "2026-11-20", "11512000010001", 36_000, "2027-01-31", "A123456789", "A12345****"),
    _fine("1151200002", "2026-11-21", "11512000020001", 3_000, "2027-01-31", "22099131", "2209****"),
)


def fake_fine_lookup(fines: list[dict[str, Any]], body: dict[str, Any]) -> dict[str, Any]:
    """As the hub answers ``fine.lookup``: a malformed key is refused with the field's code."""
    query = FineLookup.model_validate(body)
    key = query.key.strip().upper()
    if query.kind is FineKey.BUSINESS_NO and (len(key) != 8 or not key.isdigit() or key == "22099132"):
        raise AgentError(
            "invalid_business_no", "統一編號檢查碼不正確 the business number's check does not add up"
        )
    field = "info" if query.kind is not FineKey.FINE_NO else None
    found = [f["info"] for f in fines if (f["key"] == key if field else f["info"]["fine_no"] == key)]
    return FineList(detail=Detail.LIGHT, fines=tuple(FineInfo.model_validate(f) for f in found)).model_dump(
        mode="json"
    )


#: A few of the hub's seeded questions (hub/faq/faq.yaml), enough for the kiosk's screens and tests.
SAMPLE_FAQ: tuple[FaqItem, ...] = tuple(
    FaqItem(id=i + 1, category=c, agency=a, question=q, answer=ans)
    for i, (c, a, q, ans) in enumerate((
        ("村里民政類", "民政處-戶政科", "如何補領戶口名簿?", "戶長或經戶長同意的家屬，可持國民身分證及印章至戶政事務所補領，或以自然人憑證在 kiosk 申辦「補領戶口名簿」；工本費新臺幣 30 元。"),
        ("村里民政類", "民政處-戶政科", "什麼是「自然人憑證」?", "自然人憑證是內政部憑證管理中心簽發的「網路身分證」，為一張 IC 卡。"),
        ("村里民政類", "民政處-戶政科", "如何申請門牌證明?", "可至任一戶政事務所臨櫃申請，每份新臺幣 15 元。"),
        ("村里民政類", "民政處-戶政科", "我一生可以改幾次名字呢?", "依姓名條例，一般情形申請改名以三次為限。"),
        ("村里民政類", "民政處-宗教科", "寺廟申請登記應檢附表件為何?", "寺廟登記申請書、建物及土地權利證明文件等。"),
        ("村里民政類", "民政處-戶政科", "收養登記應備證件為何", "法院認可收養之裁定書及確定證明書、身分證、印章、戶口名簿。"),
        ("系統操作", "研究發展室", "繳費方式有那些", "信用卡、網路 ATM、帳戶轉帳，或列印繳費單至便利商店繳納。"),
        ("系統操作", "研究發展室", "如何線上查詢進度", "以受理憑單上的案件編號及查詢密碼查詢。"),
        ("罰鍰規費", "財政處", "超過 2 萬元的罰鍰可以在超商繳嗎?", "不行，超過 2 萬元請至代收稅款之金融機構或 ATM 繳納。"),
    ))
)  # fmt: skip


def fake_faq_search(body: dict[str, Any]) -> dict[str, Any]:
    """As the hub answers ``faq.search`` (substring match stands in for the bigram index)."""
    req = FaqSearch.model_validate(body)
    counts: dict[str, int] = {}
    for item in SAMPLE_FAQ:
        counts[item.category] = counts.get(item.category, 0) + 1
    cats = tuple(FaqCategory(name=c, count=n) for c, n in counts.items())
    if not req.query and not req.category:
        return FaqPage(categories=cats).model_dump(mode="json")
    found = [i for i in SAMPLE_FAQ if (not req.category or i.category == req.category)
             and (not req.query or req.query in i.question + i.answer)]  # fmt: skip
    found.sort(key=lambda i: (req.query not in i.question, i.id))
    page = tuple(found[req.page * PAGE : req.page * PAGE + PAGE])
    return FaqPage(categories=cats, items=page, total=len(found), page=req.page).model_dump(mode="json")


TOWNSHIPS = ("桃園市", "中壢市", "平鎮市", "八德市", "楊梅鎮", "大溪鎮", "蘆竹鄉", "大園鄉", "龜山鄉", "龍潭鄉",
             "新屋鄉", "觀音鄉", "復興鄉")  # fmt: skip
#: The seed's vacancies (004:1812-1813) and a few more, by township.
SAMPLE_JOBS: tuple[tuple[str, JobRow], ...] = (
    ("蘆竹鄉", JobRow(id=1, company="桃園縣蘆竹地政事務所", title="雇工", openings=1, pay="日薪 800 元", education="高職",
                   duties="協辦地價相關業務，資歷審查合格者，擇期面試", address="桃園縣蘆竹鄉長安路 2 段 236 號 2 樓",
                   phone="03-3525337#309")),
    ("八德市", JobRow(id=2, company="偉和科技有限公司", title="作業員", openings=4, pay="面議", education="不拘",
                   duties="廠內產線生產，產品檢驗", address="桃園縣八德市後莊街 26 巷 6 號", phone="03-2182233")),
    *(("八德市", JobRow(id=3 + i, company=f"八德物流股份有限公司{i + 1}廠", title="倉儲理貨員", openings=2 + i,
                      pay="月薪 28,000 元起", education="國中", duties="進出貨理貨、堆高機作業（有證照佳）",
                      address=f"桃園縣八德市介壽路二段 {100 + i} 號", phone="03-3650000")) for i in range(4)),
)  # fmt: skip


def fake_jobs_browse(body: dict[str, Any]) -> dict[str, Any]:
    req = JobsBrowse.model_validate(body)
    counts = tuple(
        TownshipCount(township=t, count=sum(1 for w, _ in SAMPLE_JOBS if w == t)) for t in TOWNSHIPS
    )
    if req.township is None:
        return JobsPage(townships=counts).model_dump(mode="json")
    rows = [r for w, r in SAMPLE_JOBS if w == req.township]
    return JobsPage(townships=counts, rows=tuple(rows[req.page * 3 : req.page * 3 + 3]), total=len(rows),
                    page=req.page).model_dump(mode="json")  # fmt: skip
