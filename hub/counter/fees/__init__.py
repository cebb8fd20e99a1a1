"""Household-registration fees at every counter (seed 002 規費): dated fee items, receipts on blank A5, the daily close."""
