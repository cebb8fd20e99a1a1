"""The hub's front door and staff sign-in: home page, login/logout with the staff cookie, the shared stylesheet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from hub.api.deps import SessionDep
from hub.staff.accounts import SESSION_MS, Role, end_session, open_session, principal_for_token
from hub.staff.deps import COOKIE
from hub.web.i18n import COOKIE as LANG_COOKIE
from hub.web.i18n import LANGS, tr
from hub.web.render import HERE, page

router = APIRouter(include_in_schema=False)


@router.get("/staff/static/{name}")
def static(name: str) -> FileResponse:
    path = (HERE / "static" / name).resolve()
    if path.parent != (HERE / "static").resolve() or not path.is_file():
        raise HTTPException(404, "no such file")
    return FileResponse(path)


@router.get("/")
def home(request: Request) -> Response:
    """The hub's front door: the public pages and staff sign-in."""
    return page(request, "index.html")


@router.get("/staff/login")
def login_form(request: Request) -> Response:
    return page(request, "login.html")


@router.post("/staff/login")
def login(request: Request, session: SessionDep, token: Annotated[str, Form(max_length=200)]) -> Response:
    staff = principal_for_token(session, token.strip())
    if staff is None:
        return page(
            request,
            "login.html",
            401,
            error=tr(request, "權杖錯誤或帳號已停用。"),
        )
    home = "/staff/lookup" if staff.role is Role.OPERATOR else "/staff/cases"
    sid = open_session(session, staff.id)  # in the transaction the token look-up began
    session.commit()
    response = RedirectResponse(home, status_code=303)
    secure = request.url.scheme == "https"  # behind TLS the cookie never travels in clear
    response.set_cookie(
        COOKIE, sid, httponly=True, samesite="strict", secure=secure, max_age=SESSION_MS // 1000
    )
    return response


@router.post("/staff/logout")
def logout(request: Request, session: SessionDep) -> Response:
    """Ends the browser session at the hub (the cookie stops working even if it was copied), then clears it."""
    sid = request.cookies.get(COOKIE)
    if sid:
        with session.begin():
            end_session(session, sid)
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.post("/staff/lang")
def choose_language(
    lang: Annotated[str, Form(max_length=8)], next: Annotated[str, Form(max_length=2000)] = "/"
) -> Response:
    """The layout's language button: remember the choice in this browser, then show the same page again."""
    if lang not in LANGS:
        raise HTTPException(400, f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    if not next.startswith("/") or next.startswith("//") or "\\" in next:
        next = "/"  # only a page of this hub, never another site
    response = RedirectResponse(next, status_code=303)
    response.set_cookie(LANG_COOKIE, lang, samesite="strict", max_age=365 * 24 * 3600)
    return response


@router.get("/staff")
def staff_home() -> Response:
    return RedirectResponse("/staff/cases", status_code=303)
