"""Household-registration counter toolkit (seed 002): calculators, administrative documents, A4 printing.

Pure cores: ``calc`` (conception period, naturalisation residence, birth allowance, deadlines) and ``docs``
(document kinds, fine rules, checklists, PDF). Glue: ``models`` (number series, register), ``service``
(issue, search, re-print), ``handlers`` (the A4 printer's job states), ``pages`` (staff pages).
"""

from hub.counter import handlers, models

__all__ = ["handlers", "models"]
