"""Agent side of provisioning: enrolment while unprovisioned, the stored login, factory reset, config apply."""

from edge_agent.provisioning.store import Provisioned, ProvisioningStore, StoreError, apply_to

__all__ = ["Provisioned", "ProvisioningStore", "StoreError", "apply_to"]
