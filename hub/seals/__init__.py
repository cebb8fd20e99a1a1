"""Seal and signature records and comparison at issue time (印簽比對, issue 16, seed 002)."""

from fastapi import APIRouter

from hub.seals import api, models, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["models", "router"]
