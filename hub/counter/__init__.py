"""Household-registration counter toolkit (seed 002): calculators, administrative documents, A4 printing.

Pure cores: ``calc`` (conception period, naturalisation residence, birth allowance, deadlines) and ``docs``
(document kinds, fine rules, checklists, PDF). Glue: ``models`` (number series, register, print jobs),
``service`` (issue, search, re-print), ``handlers`` (the A4 printer's job states), ``pages`` and
``calc_pages`` (staff pages). ``router`` is built on first use so the CLI's calculators stay light.
"""

from typing import Any

from hub.counter import handlers, models
from hub.counter.fees import models as fee_models


def __getattr__(name: str) -> Any:
    if name == "router":
        from fastapi import APIRouter

        from hub.counter.calc_pages import router as calc_router
        from hub.counter.fees.pages import router as fee_router
        from hub.counter.pages import router as doc_router
        from hub.counter.tips_pages import router as tips_router

        router = APIRouter(include_in_schema=False)
        router.include_router(calc_router)
        router.include_router(doc_router)
        router.include_router(tips_router)
        router.include_router(fee_router)
        return router
    raise AttributeError(name)


__all__ = ["fee_models", "handlers", "models", "router"]
