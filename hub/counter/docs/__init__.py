"""Administrative documents from templates (pure): kinds, legal basis, fine rules, one-time-notice checklists."""
