"""Router rules (pure): path parameters, 404 vs 405, duplicate and malformed routes, body parsing."""

import pytest
from pydantic import BaseModel

from edge_agent.routes import ApiError, ApiRequest, Route, Router


def handler(req: ApiRequest) -> object:
    return dict(req.params)


def test_match_with_params_and_decoding() -> None:
    router = Router()
    router.add(Route("GET", "/v1/printer/jobs/{job_id}", handler))
    route, params = router.match("GET", "/v1/printer/jobs/a%20b")
    assert params == {"job_id": "a b"}
    assert route.path == "/v1/printer/jobs/{job_id}"


def test_unknown_path_is_404_and_wrong_method_is_405() -> None:
    router = Router()
    router.add(Route("GET", "/v1/status", handler))
    with pytest.raises(ApiError) as missing:
        router.match("GET", "/v1/statuss")
    assert missing.value.status == 404
    with pytest.raises(ApiError) as wrong:
        router.match("POST", "/v1/status")
    assert (wrong.value.status, wrong.value.code) == (405, "method_not_allowed")
    assert "GET" in wrong.value.message


def test_same_shape_twice_is_refused() -> None:
    router = Router()
    router.add(Route("GET", "/v1/card/{slot}", handler))
    with pytest.raises(ValueError, match="registered twice"):
        router.add(Route("GET", "/v1/card/{reader}", handler))
    router.add(Route("POST", "/v1/card/{slot}", handler))  # another method is fine


@pytest.mark.parametrize(
    ("method", "path"), [("PATCH", "/v1/x"), ("GET", "/x"), ("GET", "/v1/X"), ("GET", "/v1/")]
)
def test_malformed_routes_are_refused(method: str, path: str) -> None:
    with pytest.raises(ValueError):
        Route(method, path, handler)


class Paper(BaseModel):
    sheets: int


def test_parse_names_the_bad_field() -> None:
    assert ApiRequest("POST", "/v1/p", body={"sheets": 3}).parse(Paper) == Paper(sheets=3)
    with pytest.raises(ApiError) as err:
        ApiRequest("POST", "/v1/p", body={"sheets": "many"}).parse(Paper)
    assert err.value.status == 400 and err.value.message.startswith("sheets:")
