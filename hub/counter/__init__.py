"""Household-registration counter toolkit (seed 002): calculators, administrative documents, follow-up tips."""
