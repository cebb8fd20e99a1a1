"""Typed refusals: each carries a zh-TW and an English message a parent understands, and the seed rule."""

from __future__ import annotations

from hub.enrolment.rules.seed import Cite


class EnrolmentRefusal(Exception):
    """Base of every refusal; nothing was changed when one is raised."""

    code = "refused"

    def __init__(self, message_zh: str, message_en: str, rule: Cite | None = None) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.rule = rule

    def as_dict(self) -> dict[str, str]:
        out = {"code": self.code, "message_zh": self.message_zh, "message_en": self.message_en}
        if self.rule is not None:
            out["rule"] = str(self.rule)
        return out


class OutsideAgeBrackets(EnrolmentRefusal):
    code = "outside_age_brackets"


class PhaseNotOpen(EnrolmentRefusal):
    """The applicant's category or age is not admitted in this phase."""

    code = "phase_not_open"


class RegistrationClosed(EnrolmentRefusal):
    code = "registration_closed"


class OnSiteOnly(EnrolmentRefusal):
    code = "on_site_only"


class ResidenceRequired(EnrolmentRefusal):
    code = "residence_required"


class NoRegistrationNeeded(EnrolmentRefusal):
    code = "no_registration_needed"


class DuplicateRegistration(EnrolmentRefusal):
    code = "duplicate_registration"


class NotEligible(EnrolmentRefusal):
    """A category condition is not met (e.g. staff child at another kindergarten, no priority card)."""

    code = "not_eligible"


class InvalidDate(EnrolmentRefusal):
    code = "invalid_date"


class CheckInRefused(EnrolmentRefusal):
    code = "check_in_refused"


class ConfigError(ValueError):
    """A school-year or kindergarten configuration is inconsistent (a staff/technician error, not a parent's)."""
