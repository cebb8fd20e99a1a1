"""Staff web pages (server-rendered, zh-TW with English) and the citizens' public progress page."""

from fastapi import APIRouter

from hub.web import admin, documents, pages, survey

router = APIRouter()
router.include_router(pages.router)
router.include_router(admin.router)
router.include_router(documents.router)
router.include_router(survey.router)

__all__ = ["router"]
