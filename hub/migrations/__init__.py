"""Alembic migrations of the hub: env.py, the script template and the core revision."""
