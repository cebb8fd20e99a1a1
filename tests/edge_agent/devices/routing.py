"""Calling a component's local API routes directly (no HTTP server): the same Router the agent uses."""

from __future__ import annotations

from typing import Any

from edge_agent.routes import ApiRequest, Router


def router_for(component: Any) -> Router:
    router = Router()
    for route in component.routes():
        router.add(route)
    return router


def call(router: Router, method: str, path: str, body: object = None) -> Any:
    route, params = router.match(method, path)
    return route.handler(ApiRequest(method, path, params, {}, body))
