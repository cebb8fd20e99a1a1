"""Cases: numbers, query passwords, working-day deadlines, supplement pauses, milestones and statistics."""
