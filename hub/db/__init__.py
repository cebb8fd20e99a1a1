"""Database: declarative base, engine/session factory, core tables; feature tables live with their feature."""
