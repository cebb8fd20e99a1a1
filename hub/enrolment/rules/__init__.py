"""The enrolment rules engine: pure, typed, no I/O; every rule cites the seed line it encodes."""

from hub.enrolment.rules.calendar import Age, Channel, Phase, PhaseSchedule, SchoolYear, Window, taichung_112
from hub.enrolment.rules.categories import Category, Kind
from hub.enrolment.rules.dates import TAIPEI, format_both, parse_date
from hub.enrolment.rules.eligibility import Applicant, Eligible, check_registration
from hub.enrolment.rules.errors import EnrolmentRefusal
from hub.enrolment.rules.ordering import OrderKey, order_key
from hub.enrolment.rules.quotas import Capacity, Pool, Quota, phase1_quota

__all__ = [
    "TAIPEI",
    "Age",
    "Applicant",
    "Capacity",
    "Category",
    "Channel",
    "Eligible",
    "EnrolmentRefusal",
    "Kind",
    "OrderKey",
    "Phase",
    "PhaseSchedule",
    "Pool",
    "Quota",
    "SchoolYear",
    "Window",
    "check_registration",
    "format_both",
    "order_key",
    "parse_date",
    "phase1_quota",
    "taichung_112",
]
