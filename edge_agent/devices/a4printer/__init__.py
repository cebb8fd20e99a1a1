"""The A4 printer of a counter PC: PDFs to a CUPS queue over IPP, job state and paper-out reported (issue 14)."""
