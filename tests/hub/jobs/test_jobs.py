"""Job vacancies on SQLite and PostgreSQL: a station's daily file replaces its rows (all or nothing), browsed by
township with the seed's columns (004:1811)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hub.core.citations import Cite
from hub.jobs import importfile

HEADER = "township,company,title,openings,pay,education,duties,address,phone"
SEED_ROWS = [  # the seed's example rows (004:1812-1813)
    "蘆竹鄉,桃園縣蘆竹地政事務所,雇工,1,日薪 800 元,高職,協辦地價相關業務，資歷審查合格者，擇期面試,桃園縣蘆竹鄉長安路 2 段 236 號 2 樓,03-3525337#309",
    "八德市,偉和科技有限公司,作業員,4,面議,不拘,廠內產線生產，產品檢驗,桃園縣八德市後莊街 26 巷 6 號,03-2182233",
]  # fmt: skip


@pytest.fixture
def supervisor(make_token: Callable[[str, str], str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token('lee.super', 'supervisor')}", "Content-Type": "text/csv"}


def test_daily_file_replaces_the_stations_rows_and_browses_by_township(
    client: TestClient, supervisor: dict[str, str]
) -> None:
    text = "\n".join([HEADER, *SEED_ROWS]) + "\n"
    assert (
        client.post("/api/v1/jobs/import/ST-LUZHU", content=text.encode(), headers=supervisor).json()[
            "vacancies"
        ]
        == 2
    )
    counts = {t["township"]: t["count"] for t in client.get("/api/v1/jobs").json()["townships"]}
    assert counts["蘆竹鄉"] == 1 and counts["八德市"] == 1 and len(counts) == 13
    (row,) = client.get("/api/v1/jobs", params={"township": "蘆竹鄉"}).json()["rows"]
    assert (row["company"], row["title"], row["openings"], row["pay"], row["education"], row["phone"]) == (
        "桃園縣蘆竹地政事務所",
        "雇工",
        1,
        "日薪 800 元",
        "高職",
        "03-3525337#309",
    )
    tomorrow = "\n".join([HEADER, SEED_ROWS[1]]) + "\n"  # the next day's file of the same station
    client.post("/api/v1/jobs/import/ST-LUZHU", content=tomorrow.encode(), headers=supervisor)
    assert client.get("/api/v1/jobs", params={"township": "蘆竹鄉"}).json()["rows"] == []
    bad = client.get("/api/v1/jobs", params={"township": "台北市"})
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "township"


def test_a_bad_row_refuses_the_file_and_keeps_yesterdays(
    client: TestClient, supervisor: dict[str, str]
) -> None:
    client.post(
        "/api/v1/jobs/import/ST-BADE",
        content=("\n".join([HEADER, SEED_ROWS[1]]) + "\n").encode(),
        headers=supervisor,
    )
    broken = (
        "\n".join([HEADER, SEED_ROWS[0], SEED_ROWS[1].replace(",4,", ",0,"), "台北市" + SEED_ROWS[1][3:]])
        + "\n"
    )
    response = client.post("/api/v1/jobs/import/ST-BADE", content=broken.encode(), headers=supervisor)
    assert response.status_code == 422
    assert [(p["line"], p["field"]) for p in response.json()["detail"]["problems"]] == [
        (3, "openings"),
        (4, "township"),
    ]
    assert len(client.get("/api/v1/jobs", params={"township": "八德市"}).json()["rows"]) == 1


SEEDS = next(
    (a / "shared" / "seeds" for a in Path(__file__).resolve().parents if (a / "shared" / "seeds").is_dir()),
    Path("/nonexistent"),
)  # the seeds sit beside the checkout (/work/shared/seeds for /work/main and /work/wt/<name>)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents are not checked out next to the repository")
@pytest.mark.parametrize("cite", [v for v in vars(importfile).values() if isinstance(v, Cite)], ids=str)
def test_citation_is_verbatim(cite: Cite) -> None:
    assert cite.quote in (SEEDS / cite.file).read_text(encoding="utf-8").splitlines()[cite.line - 1]
