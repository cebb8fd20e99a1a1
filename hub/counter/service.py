"""Issue, find and re-print administrative documents: one number series per office and year, a register."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.auth.national_id import InvalidIdentification, normalise_national_id
from hub.auth.national_id import person_key as auth_person_key
from hub.cases.calendar import WorkCalendar
from hub.counter.calc.errors import CalcError
from hub.counter.docs.model import Catalogue, Content, compose
from hub.counter.docs.render import Header, render
from hub.counter.fees.models import FeeReceiptSeries
from hub.counter.models import CounterDocSeries, CounterDocument
from wire.document_codes import document_number, document_qr_content


def next_serial(
    session: Session,
    office: str,
    year: int,
    series: type[CounterDocSeries | FeeReceiptSeries] = CounterDocSeries,
) -> int:
    """The next serial of ``office``'s ``series`` (documents, or fee receipts) for ``year``, inside the caller's
    transaction.

    The series row is incremented in place (``UPDATE … RETURNING``): PostgreSQL locks the row until commit and
    SQLite runs one writer at a time, so two counters never get the same number and a rolled-back issue
    gives its number back. The first document of a year creates the row; two first documents at once: the
    loser's insert fails on the primary key inside a savepoint and it increments the winner's row instead.
    """
    bump = (
        update(series)
        .where(series.office == office, series.year == year)
        .values(last_serial=series.last_serial + 1)
        .returning(series.last_serial)
    )
    serial = session.execute(bump).scalar_one_or_none()
    if serial is not None:
        return int(serial)
    try:
        with session.begin_nested():
            session.add(series(office=office, year=year, last_serial=1))
        return 1
    except IntegrityError:
        return int(session.execute(bump).scalar_one())


def person_key(national_id: str, secret: bytes) -> tuple[str, str]:
    """(keyed hash, last 4) of a national ID — the same key seals, the archive and N+e give that person;
    CalcError naming ``national_id`` when it is not one."""
    try:
        key, _masked = auth_person_key(national_id, secret)
    except InvalidIdentification as exc:
        raise CalcError("national_id", "身分證統一編號格式或檢查碼不正確。", exc.message) from None
    return key, normalise_national_id(national_id)[-4:]


def issue(
    session: Session, catalogue: Catalogue, work: WorkCalendar, *, office: str, office_name: str, kind: str,
    values: dict[str, str], staff: str, now: datetime, secret: bytes, base_url: str,
    national_id: str = "", case_no: str = "",
) -> CounterDocument:  # fmt: skip
    """Compose, number, render and register a document in the caller's transaction; CalcError changes nothing."""
    content = compose(catalogue, kind, values, now.date(), work)
    key, last4 = person_key(national_id, secret) if national_id.strip() else (None, None)
    if last4 is not None:
        content = Content(
            **{
                **asdict(content),
                "fields": (*content.fields, ("身分證統一編號 National ID", "******" + last4)),
            }
        )
    case = case_no.strip() or None
    if case is not None and len(case) > 32:
        raise CalcError("case_no", "案件編號太長。", "case_no: at most 32 characters")
    serial = next_serial(session, office, now.year)
    number = document_number(office, now.year, serial)
    header = Header(number, office_name, now, staff, document_qr_content(base_url, number))
    pdf = render(content, header)
    doc = CounterDocument(
        number=number, office=office, year=now.year, serial=serial, kind=kind, title=content.title_zh,
        issued_at=int(now.timestamp() * 1000), issued_by=staff, case_no=case,
        subject_name=values.get("name", "").strip()[:100], person_key=key, id_last4=last4, amount=content.amount,
        content=stored(content, header), pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )  # fmt: skip
    session.add(doc)
    session.flush()
    return doc


def stored(content: Content, header: Header) -> dict[str, Any]:
    data = asdict(content)
    data["header"] = {"number": header.number, "office_name": header.office_name, "issued_by": header.issued_by,
                      "issued_on": header.issued_on.isoformat(), "qr": header.qr}  # fmt: skip
    return data


def preview(catalogue: Catalogue, work: WorkCalendar, *, kind: str, values: dict[str, str], office: str,
            office_name: str, staff: str, now: datetime) -> bytes:  # fmt: skip
    """The PDF as it would print, numbered ``…-000000`` (nothing is issued or stored)."""
    content = compose(catalogue, kind, values, now.date(), work)
    number = f"{office}-{now.year - 1911}-000000"
    return render(content, Header(number, office_name, now, staff, f"preview {number}"))


def find(session: Session, number: str) -> CounterDocument | None:
    return session.scalars(select(CounterDocument).where(CounterDocument.number == number)).first()


def search(session: Session, text: str, secret: bytes, limit: int = 50) -> list[CounterDocument]:
    """By number, case number, name (part of it) or a full national ID (matched through its keyed hash)."""
    query = select(CounterDocument).order_by(CounterDocument.issued_at.desc()).limit(limit)
    needle = text.strip()
    if needle:
        try:
            key, _ = person_key(needle, secret)
        except CalcError:
            key = None
        conditions = [
            CounterDocument.number == needle.upper(),
            CounterDocument.case_no == needle,
            CounterDocument.subject_name.contains(needle),
        ]
        if key is not None:
            conditions.append(CounterDocument.person_key == key)
        query = query.where(or_(*conditions))
    return list(session.scalars(query))
