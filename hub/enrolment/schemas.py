"""HTTP bodies of the enrolment API (pydantic); refusals come back as ``{"detail": Refusal}``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hub.enrolment.rules.calendar import Channel
from hub.enrolment.rules.categories import Category

NationalId = Field(
    pattern=r"^[A-Za-z][A-Za-z0-9][0-9]{8}$", description="national or resident ID; only its HMAC is kept"
)


class ChildIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    national_id: str = NationalId
    birth: str = Field(description="ROC (106-09-02, 民國106年9月2日) or AD (2017-09-02)", max_length=20)
    category: Category = Category.GENERAL_RESIDENT
    resident: bool = True
    resident_since: str | None = Field(default=None, max_length=20)
    national: bool = True
    parent_disabled_non_resident: bool = False
    grandparents_household: bool = False
    has_priority_card: bool = False
    staff_kindergarten: str | None = Field(default=None, max_length=16)
    multiple_birth: bool = False


class RegistrationIn(ChildIn):
    kindergarten: str = Field(max_length=16)
    phase: int = Field(ge=1, le=3)
    channel: Channel = Channel.ONLINE


class MultiplesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kindergarten: str = Field(max_length=16)
    phase: int = Field(ge=1, le=3)
    drawn_together: bool
    children: list[ChildIn] = Field(min_length=2, max_length=6)


class RegistrationOut(BaseModel):
    number: str
    kindergarten: str
    phase: int
    age: int
    pool: str
    group: str
    birth: str = Field(description="ROC and AD, e.g. 106-09-02 (2017-09-02)")
    channel: str
    drawn_together_with: str | None = None


class KindergartenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_zh: str = Field(max_length=100)
    name_en: str = Field(max_length=200)
    two_year_classes: int = Field(ge=0, le=20)
    mixed_classes: int = Field(ge=0, le=40)
    promoted_two_year: int = Field(default=0, ge=0)
    promoted_mixed: int = Field(default=0, ge=0)
    special_ed_two_year: int | None = Field(default=None, ge=0)
    special_ed_mixed: int | None = Field(default=None, ge=0)


class AnnounceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(
        min_length=1, max_length=16, description="names of the public randomness sources"
    )
    hash: Literal["sha256", "md5"] = "sha256"


class DrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: list[list[int]] = Field(min_length=1, max_length=16)


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(max_length=16)
    national_id: str = NationalId
    channel: Channel = Channel.ONLINE


class ResultOut(BaseModel):
    number: str
    kindergarten: str
    phase: int
    status: str
    rank: int | None
    respond_by: str | None


class BoardRowOut(BaseModel):
    kindergarten: str
    name_zh: str
    name_en: str
    phase: int
    pool: str
    places: int | None
    registrations: int
    vacancies: int | None


class Refusal(BaseModel):
    code: str
    message_zh: str
    message_en: str
    rule: str | None = None
