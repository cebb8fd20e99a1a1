"""Household-registration counter toolkit (seed 002): calculators, administrative documents, A4 printing.

Pure cores: ``calc`` (conception period, naturalisation residence, birth allowance, deadlines) and ``docs``
(document kinds, fine rules, checklists, tips, PDF). Glue: ``models`` (number series, register, print jobs,
edited tips), ``service`` (issue, search, re-print), ``mqtt`` (the A4 printer's job states), ``pages`` with
``calc_pages`` and ``tips_pages`` (staff pages, one router).
"""

from hub.counter import models, mqtt
from hub.counter.fees import models as fee_models
from hub.counter.pages import router

__all__ = ["fee_models", "models", "mqtt", "router"]
