"""Public kindergarten enrolment (seeds 000 and 003): rules, RFC 3797 lottery, check-in and waitlist."""
