"""Satisfaction questionnaire (seed 001 滿意度問卷): after a case closes, the citizen answers once with the
case number + query password (same rate limit as the progress query); results per agency and service.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case as when
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import Case, SatisfactionAnswer
from hub.cases.passwords import dummy, verify
from hub.cases.progress import NOT_FOUND, _precheck, _record_failure
from hub.cases.service import CONTROL_CHARS, CaseError
from wire import now_ms

#: The overall question, 5 = best (the labels a screen reader reads with each choice).
SCORES: dict[int, str] = {
    5: "非常滿意 Very satisfied",
    4: "滿意 Satisfied",
    3: "普通 Neither",
    2: "不滿意 Dissatisfied",
    1: "非常不滿意 Very dissatisfied",
}
#: What helped (multiple choice), after seed 004's survey of its online service.
#: reason code -> its zh-TW text (English in hub/cases/messages.en.yaml)
REASONS: dict[str, str] = {
    "saved_time": "節省時間與金錢",
    "notified": "主動以簡訊或電子郵件通知進度",
    "online_query": "可線上查詢辦理進度",
    "staff": "承辦人員親切專業",
    "fast": "辦理迅速",
}
MAX_COMMENT = 500
ALREADY = "這個案件已經填過問卷，謝謝您。This case's questionnaire was already answered; thank you."
NOT_CLOSED = "案件結案後才能填寫問卷。The questionnaire opens once the case is closed."


@dataclass(frozen=True, slots=True)
class Answer:
    score: int
    reasons: tuple[str, ...] = ()
    comment: str = ""

    def __post_init__(self) -> None:
        if self.score not in SCORES:
            raise CaseError("score must be 1 (very dissatisfied) to 5 (very satisfied)")
        unknown = sorted(set(self.reasons) - set(REASONS))
        if unknown:
            raise CaseError(f"unknown reason {unknown[0][:40]!r}; use {', '.join(REASONS)}")
        if len(set(self.reasons)) != len(self.reasons):
            raise CaseError("each reason at most once")
        if len(self.comment) > MAX_COMMENT:
            raise CaseError(f"the comment is longer than {MAX_COMMENT} characters")
        if CONTROL_CHARS.search(self.comment):
            raise CaseError("the comment contains control characters; type it again")


def submit(sessions: sessionmaker[Session], case_no: str, password: str, client: str, answer: Answer) -> str:
    """Store the answer of a closed case; returns its number. 404 wrong pair, 409 open or answered, 429."""
    with sessions() as session:
        case_no, case = _precheck(session, case_no, client)
        stored = case.password_hash if case else dummy(case_no)
    if not (verify(password, stored) and case is not None):
        with sessions() as session, session.begin():
            _record_failure(session, case_no, client)
        raise CaseError(NOT_FOUND, 404)
    try:
        with sessions() as session, session.begin():
            fresh = session.get(Case, case.id)
            if fresh is None or fresh.password_hash != stored:
                raise CaseError(NOT_FOUND, 404)
            if fresh.status != "closed":
                raise CaseError(NOT_CLOSED, 409)
            if session.scalar(select(SatisfactionAnswer.id).where(SatisfactionAnswer.case_id == fresh.id)):
                raise CaseError(ALREADY, 409)
            session.add(
                SatisfactionAnswer(
                    case_id=fresh.id,
                    agency=fresh.agency,
                    service=fresh.service,
                    score=answer.score,
                    reasons=list(answer.reasons) or None,
                    comment=answer.comment.strip() or None,
                    answered_at=now_ms(),
                )
            )
    except IntegrityError:  # the same case answered twice at the same moment
        raise CaseError(ALREADY, 409) from None
    return case.case_no


@dataclass(frozen=True, slots=True)
class Tally:
    answers: int = 0
    score_sum: int = 0
    satisfied: int = 0  # answered 4 or 5

    @property
    def average(self) -> float | None:
        return round(self.score_sum / self.answers, 2) if self.answers else None

    @property
    def satisfied_rate(self) -> float | None:
        return round(self.satisfied / self.answers, 4) if self.answers else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "answers": self.answers,
            "average": self.average,
            "satisfied_rate": self.satisfied_rate,
        }


@dataclass(frozen=True, slots=True)
class SatisfactionReport:
    overall: Tally
    by_agency: dict[str, Tally]
    by_service: dict[str, Tally]
    reasons: dict[str, int]  # how often each reason was ticked


def satisfaction_report(session: Session) -> SatisfactionReport:
    """Counts per agency and per service, summed in the database."""
    happy = func.sum(when((SatisfactionAnswer.score >= 4, 1), else_=0))
    columns = (func.count(), func.coalesce(func.sum(SatisfactionAnswer.score), 0), func.coalesce(happy, 0))

    def grouped(key: object) -> dict[str, Tally]:
        rows = session.execute(select(key, *columns).group_by(key))  # type: ignore[call-overload]
        return {str(k): Tally(int(n), int(s), int(h)) for k, n, s, h in rows}

    n, total, happy_n = session.execute(select(*columns)).one()
    reasons = dict.fromkeys(REASONS, 0)
    for ticked in session.scalars(select(SatisfactionAnswer.reasons)):
        for code in ticked or ():
            if code in reasons:
                reasons[code] += 1
    return SatisfactionReport(
        Tally(int(n), int(total), int(happy_n)),
        grouped(SatisfactionAnswer.agency),
        grouped(SatisfactionAnswer.service),
        reasons,
    )
