"""Application-image archive (申請書影像, issue 16, seed 002): scans, search, certified copies, cross-office requests."""

from fastapi import APIRouter

from hub.archive import api, models, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["models", "router"]
