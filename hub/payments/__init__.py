"""Payments: slips for fees due (barcodes from wire.printed), and convenience-store settlement import."""

from fastapi import APIRouter

from hub.payments import api, models, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["models", "router"]
