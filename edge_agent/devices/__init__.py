"""Peripherals of the edge agent: receipt printer, A4 forms, scanner and rating keypad, each behind a port."""
