"""The citizens' satisfaction questionnaire page (public, after the case closes; seed 001 滿意度問卷)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from hub.cases.satisfaction import MAX_COMMENT, REASONS, SCORES, Answer, submit
from hub.cases.service import CaseError
from hub.web.render import page

router = APIRouter(include_in_schema=False)


def _form(request: Request, status: int = 200, **context: object) -> Response:
    return page(
        request,
        "cases/satisfaction.html",
        status,
        scores=SCORES,
        reasons=REASONS,
        max_comment=MAX_COMMENT,
        **context,
    )


@router.get("/satisfaction")
def satisfaction_form(request: Request, case_no: str = "") -> Response:
    return _form(request, case_no=case_no[:40], chosen=[], score=None, comment="")


@router.post("/satisfaction")
def satisfaction_page(
    request: Request,
    case_no: Annotated[str, Form(max_length=40)],
    password: Annotated[str, Form(max_length=64)],
    score: Annotated[int | None, Form()] = None,
    reasons: Annotated[list[str] | None, Form(max_length=10)] = None,
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    client = request.client.host if request.client else "unknown"
    chosen = [r for r in reasons or [] if r in REASONS]
    again = {"case_no": case_no, "chosen": chosen, "score": score, "comment": comment}
    if score is None:
        return _form(
            request, 422, error="請選擇整體滿意度。Please choose how satisfied you are overall.", **again
        )
    try:
        answer = Answer(score, tuple(reasons or ()), comment)
        done = submit(request.app.state.sessions, case_no, password, client, answer)
    except CaseError as exc:
        messages = {
            404: "查無此案件編號與密碼組合。No case with this number and password.",
            429: "嘗試次數過多，請 15 分鐘後再試或撥 1999。Too many attempts; try again in 15 minutes or call 1999.",
        }
        return _form(request, exc.status, error=messages.get(exc.status, str(exc)), **again)
    return page(request, "cases/satisfaction_done.html", case_no=done)
