"""The hub's features, imported at start-up.

Importing a feature module registers its MQTT handlers (``hub.ingest.handlers``) and its tables
(``hub.db.base.Base``); a module attribute ``router`` (a FastAPI APIRouter) is mounted by the app.
Add one line per feature.
"""

import importlib
from types import ModuleType

FEATURES: tuple[str, ...] = (
    "hub.devices",  # device state, sequence gaps, dead letters, commands
    "hub.provisioning",  # claim codes, per-device broker logins, config push, fleet page (issue 8)
)


def load_features() -> list[ModuleType]:
    return [importlib.import_module(name) for name in FEATURES]
