"""The service catalogue as validated, frozen models (pure): services, forms, fees, milestones, templates."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from hub.notify.templates import TemplateError, placeholders

Code = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
MilestoneCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Template = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class CatalogueError(ValueError):
    """The catalogue (YAML or a staff edit) is invalid; the message names the service and field."""


class ChannelKind(StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    ONLINE = "online"
    MAIL = "mail"


class IdentityLevel(StrEnum):
    CARD = "card"  # citizen certificate card + PIN
    LIGHT = "light"  # name + phone, checked by staff later
    NONE = "none"


class MilestoneKind(StrEnum):
    RECEIVED = "received"  # the first one: set when the case is opened
    PROGRESS = "progress"
    SUPPLEMENT = "supplement"  # waiting for the citizen's supplement: the deadline clock stops
    PAYMENT = "payment"  # fees are due: a payment record (slip) is made
    CLOSED = "closed"  # the last one: the case is finished


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Milestone(_Frozen):
    code: MilestoneCode
    name: Text
    name_en: Text
    kind: MilestoneKind = MilestoneKind.PROGRESS
    email_subject: Template
    email: Template
    sms: Template

    @field_validator("email_subject", "email", "sms")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            placeholders(value)
        except TemplateError as exc:
            raise ValueError(str(exc)) from None
        return value


class Fee(_Frozen):
    item: Text
    amount: Annotated[int, Field(ge=0, le=1_000_000)]  # NT$
    per_copy: bool = False


class SeedRef(_Frozen):
    """Where a seed document names this (``004:691``) and its words there, so a reader can check the data."""

    line: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}:[0-9]{1,5}$")]
    name: Text


class Group(_Frozen):
    """A heading services are listed under (seed 004 attachment 1); the kiosk shows groups first."""

    code: Code
    name: Text
    name_en: Text
    seed: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}:[0-9]{1,5}$")] | None = None


class Limit(_Frozen):
    amount: Annotated[int, Field(ge=1, le=3650)]
    unit: Literal["working_days", "calendar_days"] = "working_days"


class Service(_Frozen):
    code: Code
    name: Text
    name_en: Text
    group: Code | None = None  # a Group's code; the catalogue checks it exists
    seed: SeedRef | None = None
    agency: Text
    agency_en: Text
    channels: Annotated[tuple[ChannelKind, ...], Field(min_length=1)]
    identity: IdentityLevel
    documents: tuple[Text, ...] = ()
    forms: tuple[
        Code, ...
    ] = ()  # codes of the forms library (hub.forms_library): titles and versions live there
    fees: tuple[Fee, ...] = ()
    time_limit: Limit
    milestones: Annotated[tuple[Milestone, ...], Field(min_length=2)]

    @field_validator("forms", mode="before")
    @classmethod
    def _form_codes(cls, value: Any) -> Any:
        """Before issue 15 a service held its forms ({code, title, version}); they moved to the forms
        library, so an older staff edit's form entries are read as their codes."""
        if isinstance(value, list | tuple):
            return tuple(v["code"] if isinstance(v, dict) and "code" in v else v for v in value)
        return value

    @model_validator(mode="after")
    def _milestones_in_order(self) -> Service:
        codes = [m.code for m in self.milestones]
        if len(set(codes)) != len(codes):
            raise ValueError(f"milestone codes repeat: {codes}")
        if self.milestones[0].kind is not MilestoneKind.RECEIVED:
            raise ValueError("the first milestone must be of kind 'received'")
        if self.milestones[-1].kind is not MilestoneKind.CLOSED:
            raise ValueError("the last milestone must be of kind 'closed'")
        inner = {m.kind for m in self.milestones[1:-1]}
        if inner & {MilestoneKind.RECEIVED, MilestoneKind.CLOSED}:
            raise ValueError("only the first milestone may be 'received' and only the last 'closed'")
        if MilestoneKind.PAYMENT in inner and not any(f.amount for f in self.fees):
            raise ValueError("a 'payment' milestone needs at least one fee item with an amount")
        return self

    def milestone(self, code: str) -> Milestone:
        for m in self.milestones:
            if m.code == code:
                return m
        raise CatalogueError(
            f"service {self.code} has no milestone {code!r}; it has {[m.code for m in self.milestones]}"
        )

    def fee_total(self, copies: int = 1) -> int:
        return sum(f.amount * (copies if f.per_copy else 1) for f in self.fees)


class Catalogue(_Frozen):
    services: tuple[Service, ...]
    groups: tuple[Group, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        codes = [s.code for s in self.services]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"service codes repeat: {dupes}")
        known = [g.code for g in self.groups]
        if len(set(known)) != len(known):
            raise ValueError(f"group codes repeat: {sorted({c for c in known if known.count(c) > 1})}")
        if self.groups:
            for s in self.services:
                if s.group not in known:
                    raise ValueError(f"service {s.code}: group {s.group!r} is not one of {', '.join(known)}")
        return self

    def group(self, code: str) -> Group:
        for g in self.groups:
            if g.code == code:
                return g
        raise CatalogueError(
            f"no service group {code!r}; the groups are {', '.join(g.code for g in self.groups)}"
        )

    def in_group(self, code: str) -> tuple[Service, ...]:
        """The services of one group in catalogue order; CatalogueError for an unknown group."""
        self.group(code)
        return tuple(s for s in self.services if s.group == code)

    def get(self, code: str) -> Service:
        for s in self.services:
            if s.code == code:
                return s
        raise CatalogueError(f"no service with code {code!r}; GET /api/v1/services lists them")

    def replace(self, service: Service) -> Catalogue:
        """A new catalogue with ``service`` replacing the one with its code (or added)."""
        if any(s.code == service.code for s in self.services):
            services = tuple(service if s.code == service.code else s for s in self.services)
            return Catalogue(services=services, groups=self.groups)
        return Catalogue(services=(*self.services, service), groups=self.groups)


def expand(raw: dict[str, Any]) -> dict[str, Any]:
    """Fill what a service leaves out from ``defaults`` and resolve milestone references: a service lists
    codes of ``milestones`` defined once at the top, optionally overriding their texts in
    ``milestone_texts: {code: {sms: ...}}``."""
    shared = raw.get("milestones") or {}
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise CatalogueError("'defaults' must be a mapping of service fields")
    services = []
    for entry in raw.get("services") or []:
        if not isinstance(entry, dict):
            raise CatalogueError(f"a service must be a mapping, not {entry!r}")
        entry = {**defaults, **entry}
        overrides = entry.pop("milestone_texts", {}) or {}
        resolved = []
        for ref in entry.get("milestones") or []:
            if isinstance(ref, dict):
                resolved.append(ref)
                continue
            if ref not in shared:
                raise CatalogueError(
                    f"service {entry.get('code')}: milestone {ref!r} is not defined under 'milestones'"
                )
            resolved.append({"code": ref, **shared[ref], **overrides.get(ref, {})})
        entry["milestones"] = resolved
        services.append(entry)
    return {"services": services, "groups": raw.get("groups") or []}
