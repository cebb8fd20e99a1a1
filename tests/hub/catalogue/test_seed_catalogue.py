"""The whole catalogue of seed 004: its 63 online services under their 13 headings (attachment 1,
004:685-787), the store kiosk's 14 (attachment 2, 004:789-805), groups served over HTTP and to kiosks, and
bad group data refused with a clear error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.catalogue.loader import parse_catalogue, shipped_catalogue
from hub.catalogue.model import CatalogueError, ChannelKind
from hub.catalogue.models import CatalogueEdit
from hub.catalogue.mqtt import kiosk_catalogue
from hub.catalogue.store import current_catalogue, save_edit
from hub.core.config import load_settings

ROOT = Path(__file__).resolve().parents[3]
CAT = shipped_catalogue()

# Seed 004 attachment 1, as printed (the specification this data is checked against; seed lines 687-787).
ATTACHMENT_1: dict[str, tuple[str, ...]] = {
    "CIVIL": ("請領戶口名簿(預約)", "請領戶籍謄本(預約)", "請領個人戶籍謄本(全程式)", "請領英文戶籍謄本(預約)",
              "申辦自然人憑證(預約)", "申辦門牌證明(預約)"),
    "WELFARE": ("設立財團法人社會福利慈善事業基金會", "身心障礙者專用停車識別證", "獨居老人問安電話",
                "弱勢家庭兒童及少年緊急生活扶助", "社會工作師執業執照"),
    "LABOUR": ("勞資會議備查", "進用身心障礙者情形月報表", "就業歧視申訴案件", "勞工申訴案件"),
    "EDUCATION": ("短期補習班立案申請", "短期補習班變更申請"),
    "HEALTH": ("外勞健檢核備補發申請系統", "整合性篩檢醫療院所申請報備系統", "糖尿病共同照護網申辦系統",
               "流感疫苗接種人數通報系統", "預防接種合約醫院(診所)申請", "糖尿病共同照護網醫事人員繼續教育時數"),
    "AGRICULTURE": ("查詢是否公告為自然地景、野生動物保護區",),
    "ENVIRONMENT": ("事業污染管制紀錄申請表", "公私場所空氣污染防制專責單位、專責人員設置及異動",
                    "事業廢水處理專責單位、專責人員設置及異動", "申請管制編號", "毒性化學物質專業人員設置"),
    "ECONOMY": ("商業登記網路申請停業", "商業登記網路申請歇業", "商品標示諮詢", "申請加油站門牌整編",
                "申請自來水承裝業營業許可"),
    "WORKS": ("使用執照謄本核發", "使用執照圖說影印"),
    "WATER": ("山坡地範圍查詢及河川區域線及治理計畫線查詢", "特定水土保持區範圍查詢"),
    "URBAN": ("都市計畫土地使用分區證明書", "獎勵投資興建國民住宅註記塗銷", "貸款自建國民住宅註記塗銷",
              "委託公司承辦興建國民住宅註記塗銷"),
    "CULTURE": ("班訪申請", "中國家具博物館團體預約導覽", "桃園縣古蹟景點團體預約導覽",
                "文化局桃園館第一、二展覽室預約導覽", "MP3 導覽使用申請", "文化局5樓團體視聽室及中壢館2樓演講廳租用申請"),
    "LAND": ("縣有耕地租金之繳納", "地政士申請核發開業執照", "申領抵價地", "經紀業名稱備查", "經紀業所在地變更備查",
             "人工登記簿謄本申請", "土地基本資料庫電子資料流通申請", "建物門牌查詢地建號", "住址、姓名變更登記",
             "更正登記", "書狀換給", "土地鑑界", "建物門牌勘查及登記", "建物基地勘測及登記", "建物滅失勘查及登記"),
}  # fmt: skip
# Attachment 2's eight services new to the online system (004:798-805), not in attachment 1.
NEW_FOR_STORES = {"TAX": ("地價稅自用住宅用地申請", "房屋稅籍證明申請與下載"),
                  "POLICE": ("警察刑事紀錄證明書", "交通違規申訴案件(限桃園縣)", "交通事故資料核發申請(限桃園縣)"),
                  "LABOUR": ("求職登記", "職訓報名", "勞資爭議協調申請")}  # fmt: skip
# The store kiosk's 14 (004:615, attachment 2), by catalogue code.
STORE_KIOSK = {"HR-TRANSCRIPT", "HR-HOUSEHOLD-BOOK", "UD-ZONING-CERT", "SW-PARKING-PERMIT", "SW-EMERGENCY-AID",
               "LAND-SURVEY", "TAX-LAND-SELF-USE", "TAX-HOUSE-CERT", "POL-CRIMINAL-RECORD", "POL-TRAFFIC-APPEAL",
               "POL-ACCIDENT-DATA", "LAB-JOB-REGISTER", "LAB-TRAINING", "LAB-DISPUTE-MEDIATION"}  # fmt: skip


def _by_seed_name() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for s in CAT.services:
        if s.seed is not None:
            found.setdefault(s.seed.name, []).append(s.code)
    return found


def test_all_63_online_services_of_attachment_1_each_once_in_its_group() -> None:
    assert sum(len(names) for names in ATTACHMENT_1.values()) == 63
    by_name = _by_seed_name()
    for group, names in ATTACHMENT_1.items():
        for name in names:
            assert len(by_name.get(name, [])) == 1, f"seed service {name!r}: {by_name.get(name)}"
            service = CAT.get(by_name[name][0])
            assert service.group == group, (name, service.group)
            assert ChannelKind.ONLINE in service.channels, name  # attachment 1 lists online services
            assert 685 <= int(service.seed.line.split(":")[1]) <= 787 if service.seed else False


def test_the_eight_new_store_services_and_nothing_else() -> None:
    by_name = _by_seed_name()
    for group, names in NEW_FOR_STORES.items():
        for name in names:
            assert len(by_name.get(name, [])) == 1, name
            assert CAT.get(by_name[name][0]).group == group
    assert len(CAT.services) == 63 + 8
    assert all(s.seed is not None for s in CAT.services)  # every service says where the seed names it


def test_exactly_the_store_kiosks_14_are_on_the_kiosk_channel() -> None:
    assert {s.code for s in CAT.services if ChannelKind.KIOSK in s.channels} == STORE_KIOSK


def test_groups_in_seed_order_each_non_empty() -> None:
    assert [g.code for g in CAT.groups][:13] == list(ATTACHMENT_1)
    assert [g.name for g in CAT.groups][:3] == ["民政業務", "社會福利", "勞工服務"]
    assert all(CAT.in_group(g.code) for g in CAT.groups)


def test_fees_where_given_and_a_payment_step_for_each() -> None:
    assert CAT.get("HR-TRANSCRIPT-BOOKING").fee_total(copies=2) == 30
    charged = [s for s in CAT.services if s.fee_total()]
    for s in charged:  # a fee is collected: the case has a payment step (a slip is made there)
        assert any(m.kind.value == "payment" for m in s.milestones), s.code
    # 004:490 says 14 of the 63 charge fees without naming them; 13 carry one here (docs/catalogue.md)
    assert len([s for s in charged if s.seed and int(s.seed.line.split(":")[1]) <= 787]) == 13


def test_defaults_fill_what_the_seed_does_not_say() -> None:
    rent = CAT.get("CUL-MP3-GUIDE")
    assert [c.value for c in rent.channels] == ["online", "counter"]
    assert rent.identity.value == "light" and rent.time_limit.amount == 7


def test_docs_list_every_service_and_group() -> None:
    text = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    missing = [s.code for s in CAT.services if f"`{s.code}`" not in text]
    missing += [g.code for g in CAT.groups if f"`{g.code}`" not in text]
    assert not missing, f"docs/catalogue.md does not list {missing}"


MINIMAL = """
milestones:
  received: {name: 收件, name_en: Received, kind: received, email_subject: s, email: e, sms: m}
  closed: {name: 結案, name_en: Closed, kind: closed, email_subject: s, email: e, sms: m}
groups:
  - {code: CIVIL, name: 民政業務, name_en: Civil affairs}
defaults: {channels: [online], identity: none, time_limit: {amount: 3}, milestones: [received, closed]}
services:
  - {code: X-ONE, name: 甲, name_en: A, group: GROUP, agency: 乙, agency_en: B}
"""


def test_a_service_in_an_unknown_group_is_refused_by_name() -> None:
    assert parse_catalogue(MINIMAL.replace("GROUP", "CIVIL")).get("X-ONE").group == "CIVIL"
    with pytest.raises(CatalogueError, match=r"X-ONE.*group 'NOPE' is not one of CIVIL"):
        parse_catalogue(MINIMAL.replace("GROUP", "NOPE"))


def test_bad_groups_and_defaults_are_clear_errors() -> None:
    twice = MINIMAL.replace("GROUP", "CIVIL").replace(
        "groups:\n", "groups:\n  - {code: CIVIL, name: 又, name_en: Again}\n"
    )
    with pytest.raises(CatalogueError, match="group codes repeat"):
        parse_catalogue(twice)
    with pytest.raises(CatalogueError, match="groups"):
        parse_catalogue(
            MINIMAL.replace("GROUP", "CIVIL").replace("code: CIVIL, name: 民政業務", "code: civil!, name: 民")
        )
    with pytest.raises(CatalogueError, match="'defaults' must be a mapping"):
        parse_catalogue(
            MINIMAL.replace("GROUP", "CIVIL")
            .replace("defaults: {", "defaults: [")
            .replace("]}\nservices", "]]\nservices")
        )


def test_kiosk_gets_groups_with_the_count_filed_elsewhere() -> None:
    view = kiosk_catalogue(CAT)
    groups = {g.code: g for g in view.groups}
    assert list(groups) == ["CIVIL", "WELFARE", "LABOUR", "URBAN", "LAND", "TAX", "POLICE"]
    assert groups["CIVIL"].elsewhere == 4 and groups["LAND"].elsewhere == 14 and groups["TAX"].elsewhere == 0
    assert all(s.group in groups for s in view.services) and len(view.services) == 14


@pytest.fixture
def client(db_url: str, hub_engine: Engine) -> Iterator[TestClient]:
    app = create_app(load_settings(db_url=db_url), engine=hub_engine)
    with TestClient(app) as test_client:
        yield test_client


def test_groups_and_a_groups_services_over_http(client: TestClient) -> None:
    groups = client.get("/api/v1/service-groups").json()
    assert len(groups) == 15 and sum(len(g["services"]) for g in groups) == 71
    land = client.get("/api/v1/services", params={"group": "LAND"}).json()
    assert len(land) == 15 and {s["group"] for s in land} == {"LAND"}
    assert land[0]["seed"]["line"].startswith("004:")


def test_an_unknown_group_is_a_404_naming_the_groups(client: TestClient) -> None:
    response = client.get("/api/v1/services", params={"group": "NOPE"})
    assert response.status_code == 404
    assert "no service group 'NOPE'" in response.json()["detail"] and "CIVIL" in response.json()["detail"]
    assert client.get("/api/v1/services", params={"group": "X" * 40}).status_code == 422


def test_a_staff_edit_into_an_unknown_group_is_refused_and_changes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    data = CAT.get("HR-TRANSCRIPT").model_dump(mode="json")
    with (
        sessions() as session,
        session.begin(),
        pytest.raises(CatalogueError, match=r"group 'NOPE' is not one of"),
    ):
        save_edit(session, {**data, "group": "NOPE"}, "lee.super")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(CatalogueEdit)) == 0
        assert current_catalogue(session).get("HR-TRANSCRIPT").group == "CIVIL"
    without = {k: v for k, v in data.items() if k != "group"}  # an older client's edit: the group stays
    with sessions() as session, session.begin():
        save_edit(session, {**without, "time_limit": {"amount": 2}}, "lee.super")
    with sessions() as session:
        edited = current_catalogue(session).get("HR-TRANSCRIPT")
        assert edited.group == "CIVIL" and edited.time_limit.amount == 2
