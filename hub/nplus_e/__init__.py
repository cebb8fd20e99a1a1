"""N+e cross-agency notices (issue 16, seed 002): one consent at the counter, a signed daily batch per agency."""

from fastapi import APIRouter, FastAPI

from hub.nplus_e import api, models, pages
from hub.nplus_e.background import TASK

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)
background = (TASK,)


def bind_app(app: FastAPI) -> None:
    app.state.nplus_e_task = TASK


__all__ = ["background", "bind_app", "models", "router"]
