"""Core HTTP routes (feature routes live in their feature package as ``router``)."""
