"""Counter calculators, a pure core: conception period, naturalisation residence, birth allowance, deadlines."""

from hub.counter.calc.allowance import AllowanceResult, AllowanceTable, birth_allowance, load_allowance_table
from hub.counter.calc.conception import ConceptionResult, conception_period
from hub.counter.calc.dates import format_roc, parse_date
from hub.counter.calc.errors import CalcError
from hub.counter.calc.periods import DeadlineResult, PeriodUnit, deadline
from hub.counter.calc.reasoning import Step
from hub.counter.calc.residence import Applicant, Basis, ResidenceResult, Stay, residence_check

__all__ = [
    "AllowanceResult",
    "AllowanceTable",
    "Applicant",
    "Basis",
    "CalcError",
    "ConceptionResult",
    "DeadlineResult",
    "PeriodUnit",
    "ResidenceResult",
    "Stay",
    "Step",
    "birth_allowance",
    "conception_period",
    "deadline",
    "format_roc",
    "load_allowance_table",
    "parse_date",
    "residence_check",
]
