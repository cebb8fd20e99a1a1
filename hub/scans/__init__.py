"""Counter scans through the counter PC's agent (issue 16): the hub sends ``scanner.scan``, pages come back."""

from hub.scans import api, models, mqtt

router = api.router

__all__ = ["models", "mqtt", "router"]
