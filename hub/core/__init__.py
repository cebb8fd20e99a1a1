"""Hub settings and other cross-cutting pieces."""
