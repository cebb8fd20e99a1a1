"""Local API routes as plain data: requests, responses, errors and the router (no HTTP server here)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote

from pydantic import BaseModel, ValidationError

METHODS = frozenset({"GET", "POST", "PUT", "DELETE"})
_PARAM = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_PATH = re.compile(r"^(/[a-z0-9_.\-]+|/\{[a-z_][a-z0-9_]*\})+$")
M = TypeVar("M", bound=BaseModel)


class ApiError(Exception):
    """Raise from a route handler to answer ``{"error": code, "message": message}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ApiRequest:
    """One local API call: path parameters, query parameters and the parsed JSON body (or None)."""

    method: str
    path: str
    params: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    body: Any = None

    def parse(self, model: type[M]) -> M:
        """The JSON body validated as ``model``; a 400 ApiError naming the first bad field otherwise."""
        try:
            return model.model_validate({} if self.body is None else self.body)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in err["loc"]) or "(body)"
            raise ApiError(400, "invalid_body", f"{where}: {err['msg']}") from None


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """A response other than 200-with-JSON: another status, or raw bytes with their content type."""

    status: int = 200
    body: Any = None
    content_type: str = "application/json"


#: A handler returns a JSON-able value, a pydantic model, or an ApiResponse; it may raise ApiError.
Handler = Callable[[ApiRequest], Any]


@dataclass(frozen=True, slots=True)
class Route:
    """``method`` + ``path`` (``{name}`` marks a path parameter) answered by ``handler``."""

    method: str
    path: str
    handler: Handler

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"route {self.path!r}: method {self.method!r} is not one of {sorted(METHODS)}")
        if not _PATH.fullmatch(self.path) or not self.path.startswith("/v1/"):
            raise ValueError(f"route path {self.path!r} must look like /v1/<words>[/{{param}}...]")


class Router:
    """Finds the route for a method and path; 404 for an unknown path, 405 for a known path, wrong method."""

    def __init__(self) -> None:
        self._routes: list[tuple[re.Pattern[str], Route]] = []

    def add(self, route: Route) -> None:
        for _, existing in self._routes:
            if existing.method == route.method and _shape(existing.path) == _shape(route.path):
                raise ValueError(f"route {route.method} {route.path} is registered twice")
        parts = []
        for segment in route.path.strip("/").split("/"):
            param = _PARAM.fullmatch(segment)
            parts.append(f"(?P<{param.group(1)}>[^/]+)" if param else re.escape(segment))
        pattern = "^/" + "/".join(parts) + "$"
        self._routes.append((re.compile(pattern), route))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        allowed = []
        for pattern, route in self._routes:
            found = pattern.match(path)
            if found is None:
                continue
            if route.method == method:
                return route, {k: unquote(v) for k, v in found.groupdict().items()}
            allowed.append(route.method)
        if allowed:
            raise ApiError(
                405, "method_not_allowed", f"{path} accepts {', '.join(sorted(allowed))}, not {method}"
            )
        raise ApiError(404, "not_found", f"no such endpoint: {method} {path}")

    def routes(self) -> list[Route]:
        return [route for _, route in self._routes]


def _shape(path: str) -> str:
    return _PARAM.sub("{}", path)
