"""Citizen login at the hub: card tokens (Web eID style), sessions bound to a device, light identification."""
