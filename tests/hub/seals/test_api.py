"""Seals over HTTP: register at one office, look up and compare at another, the staff decision recorded; bad
images (not an image, 100 MB, blank), unknown offices and repeated decisions are refused and change nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.seals.models import SealComparison, SealImage, SealRecord
from hub.staff.accounts import create_user
from onestop.dev.seal_stamps import Carving, Press, stamp
from tests.hub.nplus_e.test_daily_batch_sftp import national_id
from tests.migrated import MigratedTemplates

PERSON = national_id(77)
SEAL = Carving("陳美玲印")


def png(image: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")  # type: ignore[attr-defined]
    return out.getvalue()


@pytest.fixture
def client(sqlite_url: str, migrated: MigratedTemplates) -> Iterator[TestClient]:
    migrated.fill(sqlite_url)  # the migrated schema (tests/migrated.py)
    with TestClient(create_app(load_settings(db_url=sqlite_url))) as c:
        yield c


@pytest.fixture
def headers(client: TestClient) -> dict[str, str]:
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        return {"Authorization": f"Bearer {create_user(session, 'lin.counter', 'counter')}"}


def counts(client: TestClient) -> tuple[int, int, int]:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.scalar(select(func.count()).select_from(t)) or 0
            for t in (SealRecord, SealImage, SealComparison)
        )


def register(client: TestClient, headers: dict[str, str], data: bytes, office: str = "tc-xitun") -> object:
    return client.post(
        "/api/v1/seals/records",
        data={"national_id": PERSON, "name": "陳美玲", "office": office, "kind": "seal"},
        files={"image": ("seal.png", data, "image/png")},
        headers=headers,
    )


def test_register_at_one_office_compare_and_decide_at_another(
    client: TestClient, headers: dict[str, str]
) -> None:
    reply = register(client, headers, png(stamp(SEAL, Press())))
    assert reply.status_code == 201, reply.text  # type: ignore[attr-defined]
    record = reply.json()  # type: ignore[attr-defined]
    assert record["owner_masked"].endswith(PERSON[-4:]) and PERSON not in reply.text  # type: ignore[attr-defined]

    found = client.post("/api/v1/seals/lookup", json={"national_id": PERSON}, headers=headers)
    assert [r["id"] for r in found.json()] == [record["id"]]
    presented = png(stamp(SEAL, Press(angle=21, scale=0.95, ink=(150, 40, 60), seed=9)))
    compared = client.post(
        f"/api/v1/seals/records/{record['id']}/comparisons",
        data={"office": "tc-fengyuan"},
        files={"presented": ("p.png", presented, "image/png")},
        headers=headers,
    )
    assert compared.status_code == 201, compared.text
    c = compared.json()
    assert c["decision"] is None and c["advice"] == "alike" and abs(c["rotation_deg"] - 21) < 2
    for key in (
        "registered_view_sha256",
        "aligned_sha256",
        "overlay_sha256",
        "difference_sha256",
        "presented_sha256",
    ):
        image = client.get(f"/api/v1/seals/images/{c[key]}.png", headers=headers)
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    decided = client.post(
        f"/api/v1/seals/comparisons/{c['id']}/decision", json={"decision": "match"}, headers=headers
    )
    assert decided.json()["decision"] == "match" and decided.json()["decided_by"] == "lin.counter"
    again = client.post(
        f"/api/v1/seals/comparisons/{c['id']}/decision", json={"decision": "no_match"}, headers=headers
    )
    assert again.status_code == 409

    # a new registration changes the old one; history keeps both
    register(client, headers, png(stamp(Carving("陳美玲印", round_seal=True), Press())), office="tc-beitun")
    records = client.post("/api/v1/seals/lookup", json={"national_id": PERSON}, headers=headers).json()
    assert [r["status"] for r in records] == ["registered", "changed"]
    history = client.get(f"/api/v1/seals/records/{record['id']}", headers=headers).json()["history"]
    assert [h["status"] for h in history] == ["registered", "changed"]


def test_bad_images_and_offices_are_refused_and_change_nothing(
    client: TestClient, headers: dict[str, str]
) -> None:
    cases = [
        (b"%PDF-1.4 this is not an image", 422, "not an image"),
        (png(stamp(SEAL, Press()).point(lambda v: 250)), 422, "no seal impression"),  # blank paper
    ]
    for data, status, words in cases:
        reply = register(client, headers, data)
        assert reply.status_code == status and words in reply.text, reply.text  # type: ignore[attr-defined]
        assert reply.json()["detail"]["field"] == "image"  # type: ignore[attr-defined]
    huge = b"\0" * (100 * 1024 * 1024)
    reply = register(client, headers, huge)
    assert reply.status_code == 413 and "100 MB" in reply.text  # type: ignore[attr-defined]
    reply = register(client, headers, png(stamp(SEAL, Press())), office="tc-atlantis")
    assert reply.status_code == 422 and reply.json()["detail"]["field"] == "office"  # type: ignore[attr-defined]
    assert counts(client) == (0, 0, 0)


def test_a_comparison_at_an_unknown_office_or_with_a_bad_image_stores_nothing(
    client: TestClient, headers: dict[str, str]
) -> None:
    record = register(client, headers, png(stamp(SEAL, Press()))).json()  # type: ignore[attr-defined]
    before = counts(client)
    for office, data in [("tc-atlantis", png(stamp(SEAL, Press()))), ("tc-xitun", b"GIF89a garbage")]:
        reply = client.post(
            f"/api/v1/seals/records/{record['id']}/comparisons",
            data={"office": office},
            files={"presented": ("p.png", data, "image/png")},
            headers=headers,
        )
        assert reply.status_code == 422, reply.text
    assert counts(client) == before


def test_the_lookup_needs_a_valid_national_id(client: TestClient, headers: dict[str, str]) -> None:
    reply = client.post("/api/v1/seals/lookup", json={"national_id": "A123456788"}, headers=headers)
    assert reply.status_code == 422 and reply.json()["detail"]["field"] == "national_id"
    assert "A123456788" not in reply.text


def test_staff_cancel_a_registration_on_the_page_and_it_cannot_be_compared(
    client: TestClient, headers: dict[str, str]
) -> None:
    record = register(client, headers, png(stamp(SEAL, Press()))).json()  # type: ignore[attr-defined]
    client.post(
        "/staff/login", data={"token": headers["Authorization"].split()[1]}
    )  # the browser session cookie
    done = client.post(
        f"/staff/seals/records/{record['id']}/cancel",
        data={"office": "tc-dali", "note": "遺失"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "已註銷" in page and "遺失" in page and 'id="compare-form"' not in page
    again = client.post(
        f"/api/v1/seals/records/{record['id']}/comparisons",
        data={"office": "tc-dali"},
        files={"presented": ("p.png", png(stamp(SEAL, Press())), "image/png")},
        headers=headers,
    )
    assert again.status_code == 409
