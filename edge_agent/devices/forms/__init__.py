"""A4 forms: a catalogue form filled with the citizen's fields, the case QR on every page, PDF to a print queue."""
