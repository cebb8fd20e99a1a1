"""The application-image archive: multi-page scans with the case QR read, search by person/household/kind,
certified copies with 「副本」 and the issuer (audited), and the cross-office request origin → scan → notice →
copy, each step in the staff inbox; bad input refused with nothing changed."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import qrcode
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from sqlalchemy import Engine, func, select

from hub.api.app import create_app
from hub.archive.models import ArchiveDocument, ArchiveRequest, CertifiedCopy
from hub.core.config import load_settings
from hub.staff.accounts import create_user
from hub.staff.models import AuditEntry
from tests.hub.nplus_e.test_daily_batch_sftp import national_id
from tests.migrated import MigratedTemplates

PERSON = national_id(555)


def page(text: str, case_no: str | None = None) -> bytes:
    image = Image.new("L", (620, 877), 255)
    ImageDraw.Draw(image).text((60, 200), text, fill=0)
    if case_no:
        qr = qrcode.make(f"ONESTOP:CASE:{case_no}", box_size=4).get_image().convert("L")
        image.paste(qr, (620 - qr.width - 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def client(sqlite_url: str, migrated: MigratedTemplates) -> Iterator[TestClient]:
    migrated.fill(sqlite_url)  # the migrated schema (tests/migrated.py)
    with TestClient(create_app(load_settings(db_url=sqlite_url))) as c:
        yield c


@pytest.fixture
def staff(client: TestClient) -> dict[str, dict[str, str]]:
    with client.app.state.sessions.begin() as session:  # type: ignore[attr-defined]
        return {
            name: {"Authorization": f"Bearer {create_user(session, name, 'counter')}"}
            for name in ("lin.xitun", "wu.fengyuan")
        }


def counts(client: TestClient) -> tuple[int, int, int]:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.scalar(select(func.count()).select_from(t)) or 0
            for t in (ArchiveDocument, ArchiveRequest, CertifiedCopy)
        )


INDEX = {
    "national_id": PERSON,
    "name": "張淑芬",
    "household": "F1234567",
    "kind": "birth",
    "registered_on": "1998-04-02",
}


def test_a_scanned_application_is_found_from_another_office_and_a_copy_is_issued(
    client: TestClient, staff: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    files = [("pages", ("p1.png", page("APPLICATION p1", "K261121-7QX4M-Z3P9H"), "image/png")),
             ("pages", ("p2.png", page("BIRTH CERTIFICATE p2"), "image/png"))]  # fmt: skip
    kept = client.post(
        "/api/v1/archive/documents",
        data={**INDEX, "origin_office": "tc-xitun"},
        files=files,
        headers=staff["lin.xitun"],
    )
    assert kept.status_code == 201, kept.text
    doc = kept.json()
    detail = client.get(f"/api/v1/archive/documents/{doc['id']}", headers=staff["wu.fengyuan"]).json()
    assert [p["qr_case_no"] for p in detail["pages"]] == ["K261121-7QX4M-Z3P9H", None]
    for query in ({"national_id": PERSON}, {"household": "F1234567", "kind": "birth"}):
        found = client.post("/api/v1/archive/search", json=query, headers=staff["wu.fengyuan"]).json()
        assert [d["id"] for d in found] == [doc["id"]]
    assert (
        client.post(
            "/api/v1/archive/search",
            json={"household": "F1234567", "kind": "death"},
            headers=staff["wu.fengyuan"],
        ).json()
        == []
    )

    made = client.post(
        f"/api/v1/archive/documents/{doc['id']}/copies",
        json={"office": "tc-fengyuan"},
        headers=staff["wu.fengyuan"],
    )
    assert made.status_code == 201
    pdf = client.get(made.json()["pdf"], headers=staff["wu.fengyuan"])
    (tmp_path / "copy.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "copy.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "副本" in flat and "臺中市豐原區戶政事務所" in flat and "wu.fengyuan" in flat and "第2/2頁" in flat
    assert (
        pdf.content == client.get(made.json()["pdf"], headers=staff["wu.fengyuan"]).content
    )  # same copy, same bytes
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("archive.%")).order_by(AuditEntry.id)
        ).all()
    assert actions == ["archive.scan", "archive.copy"]


def test_a_cross_office_request_goes_through_the_inbox_to_a_certified_copy(
    client: TestClient, staff: dict[str, dict[str, str]]
) -> None:
    # 豐原 files a request for a document only 西屯 holds on paper
    client.post(
        "/staff/login", data={"token": staff["wu.fengyuan"]["Authorization"].split()[1]}
    )  # the browser session cookie
    client.get("/staff/archive/office?office=tc-fengyuan")  # the office switch on the page
    made = client.post(
        "/staff/archive/requests", data={**INDEX, "origin_office": "tc-xitun"}, follow_redirects=False
    )
    assert made.status_code == 303, made.text
    request_id = made.headers["location"].rsplit("/", 1)[1]
    inbox = client.get("/staff/archive").text
    assert request_id in inbox.split('id="waiting"')[1].split("</ul>")[0]

    # 西屯's inbox shows it to scan, with its deadline; they scan two pages
    client.post(
        "/staff/login", data={"token": staff["lin.xitun"]["Authorization"].split()[1]}
    )  # the browser session cookie
    client.get("/staff/archive/office?office=tc-xitun")  # the office switch on the page
    inbox = client.get("/staff/archive").text
    assert request_id in inbox.split('id="to-scan"')[1].split("</ul>")[0]
    scanned = client.post(
        f"/staff/archive/requests/{request_id}/scan",
        files=[
            ("pages", ("a.png", page("OLD APPLICATION"), "image/png")),
            ("pages", ("b.png", page("ATTACHMENT"), "image/png")),
        ],
        follow_redirects=False,
    )
    assert scanned.status_code == 303
    assert request_id not in client.get("/staff/archive").text.split('id="to-scan"')[1].split("</ul>")[0]

    # 豐原 is notified: the request is in "ready"; issuing makes the copy and closes the request
    client.post(
        "/staff/login", data={"token": staff["wu.fengyuan"]["Authorization"].split()[1]}
    )  # the browser session cookie
    client.get("/staff/archive/office?office=tc-fengyuan")  # the office switch on the page
    inbox = client.get("/staff/archive").text
    assert request_id in inbox.split('id="ready"')[1].split("</ul>")[0]
    issued = client.post(f"/staff/archive/requests/{request_id}/issue", follow_redirects=False)
    assert issued.status_code == 303
    detail = client.get(f"/api/v1/archive/requests/{request_id}", headers=staff["wu.fengyuan"]).json()
    assert detail["request"]["state"] == "issued"
    assert [h["state"] for h in detail["history"]] == ["requested", "scanned", "issued"]
    assert [h["office"] for h in detail["history"]] == ["tc-fengyuan", "tc-xitun", "tc-fengyuan"]
    assert request_id not in client.get("/staff/archive").text
    assert counts(client) == (1, 1, 1)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"origin_office": "tc-atlantis"}, "origin_office"), ({"requester_office": "nowhere"}, "requester_office"),
     ({"origin_office": "tc-fengyuan"}, "origin_office"), ({"national_id": "A123456788"}, "national_id"),
     ({"household": "F12 34"}, "household")],
)  # fmt: skip
def test_a_request_to_an_office_that_does_not_exist_changes_nothing(
    client: TestClient, staff: dict[str, dict[str, str]], change: dict[str, str], field: str
) -> None:
    body = {**INDEX, "requester_office": "tc-fengyuan", "origin_office": "tc-xitun", **change}
    reply = client.post("/api/v1/archive/requests", json=body, headers=staff["wu.fengyuan"])
    assert reply.status_code == 422 and reply.json()["detail"]["field"] == field, reply.text
    assert PERSON not in reply.text
    assert counts(client) == (0, 0, 0)


def test_bad_pages_change_nothing(client: TestClient, staff: dict[str, dict[str, str]]) -> None:
    bad = [
        ("pages", ("p1.png", page("ok"), "image/png")),
        ("pages", ("p2.png", b"not an image at all", "image/png")),
    ]
    reply = client.post(
        "/api/v1/archive/documents",
        data={**INDEX, "origin_office": "tc-xitun"},
        files=bad,
        headers=staff["lin.xitun"],
    )
    assert reply.status_code == 422 and reply.json()["detail"]["field"] == "pages[1]"
    huge = [("pages", ("big.png", b"\0" * (100 * 1024 * 1024), "image/png"))]
    reply = client.post(
        "/api/v1/archive/documents",
        data={**INDEX, "origin_office": "tc-xitun"},
        files=huge,
        headers=staff["lin.xitun"],
    )
    assert reply.status_code == 413
    assert counts(client) == (0, 0, 0)
