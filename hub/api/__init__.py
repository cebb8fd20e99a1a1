"""The hub's HTTP API: the FastAPI app factory, shared dependencies and the core routes."""
