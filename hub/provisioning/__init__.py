"""Field technicians' feature: claim codes, per-device broker credentials, config push and the fleet page."""
