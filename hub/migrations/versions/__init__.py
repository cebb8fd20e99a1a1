"""Core revisions (the root of every feature branch)."""
