"""The cases feature's web pages: counter case work and look-up (``staff``), the SLA report (``reports``) and
the citizens' satisfaction survey (``survey``), rendered from ``hub/cases/templates``."""

from fastapi import APIRouter

from hub.cases.pages import reports, staff, survey

router = APIRouter(include_in_schema=False)
router.include_router(staff.router)
router.include_router(reports.router)
router.include_router(survey.router)

__all__ = ["router"]
