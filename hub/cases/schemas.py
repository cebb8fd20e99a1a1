"""HTTP bodies of the case API (validated; unknown fields refused)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from wire.payloads.cases import Email, Phone

Name = Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApplicantIn(_Body):
    name: Name
    phone: Phone | None = None
    email: Email | None = None


class CaseIn(_Body):
    service: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
    channel: Literal["counter", "online", "mail"]
    applicant: ApplicantIn
    consent: bool
    copies: Annotated[int, Field(ge=1, le=50)] = 1


class CaseCreated(_Body):
    case_no: str
    query_password: str


class ProgressIn(_Body):
    case_no: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class TimelineOut(_Body):
    day: str
    milestone: str
    name: str
    note: str | None


class PaymentOut(_Body):
    payment_no: str
    amount: int
    due_on: str
    status: str


class ProgressOut(_Body):
    case_no: str
    service: str
    service_name: str
    agency: str
    status: str
    milestone: str
    milestone_name: str
    received_on: str
    due_on: str
    closed_on: str | None
    waiting_for_supplement: bool
    timeline: list[TimelineOut]
    payments: list[PaymentOut]


class AdvanceIn(_Body):
    milestone: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
    note: Annotated[str, StringConstraints(max_length=500)] = ""
    email_subject: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    email: Annotated[str, StringConstraints(min_length=1, max_length=4000)] | None = None
    sms: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None


class SatisfactionIn(_Body):
    case_no: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    score: Annotated[int, Field(ge=1, le=5, description="1 very dissatisfied ... 5 very satisfied")]
    reasons: Annotated[list[Annotated[str, StringConstraints(max_length=32)]], Field(max_length=10)] = []
    comment: Annotated[str, StringConstraints(max_length=500)] = ""


class ErrorOut(_Body):
    detail: str
