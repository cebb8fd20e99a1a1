"""``service.catalogue``: registered on both channels, validates a kiosk catalogue, refuses bad entries."""

import pytest
from pydantic import ValidationError

from onestop.dev.fake_agent import SAMPLE_SERVICES
from wire import Channel
from wire.payloads.kiosk import CatalogueRequest, CatalogueResponse
from wire.registry import lookup


def test_registered_as_request_and_response() -> None:
    assert lookup(Channel.REQUEST, "service.catalogue") is CatalogueRequest
    assert lookup(Channel.RESPONSE, "service.catalogue") is CatalogueResponse


def test_sample_catalogue_validates() -> None:
    answer = CatalogueResponse.model_validate({"version": 1, "services": list(SAMPLE_SERVICES)})
    assert len(answer.services) == len(SAMPLE_SERVICES)
    assert answer.services[1].forms[0].pages[0][0].key == "name"


@pytest.mark.parametrize(
    "change",
    [
        {"identity": "telepathy"},
        {"code": "lower-case"},
        {"fields": ["shoe_size"]},
        {"fees": [{"item": "x", "amount": -1}]},
    ],
)
def test_bad_service_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        CatalogueResponse.model_validate({"version": 1, "services": [{**SAMPLE_SERVICES[0], **change}]})
