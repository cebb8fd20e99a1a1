"""Every message body of the contract, one module per subject; importing this registers them all."""

from wire.payloads import (
    a4print,  # A4 documents printed at a counter's CUPS printer: command, job state (issue 14)
    auth,  # card login: challenge, card token, session end (issue 3)
    cases,  # kiosk-opened cases, progress query with slips (issue 5)
    device,  # birth/death, health, alarms, acknowledgements, generic commands
    documents,  # scanned pages, print-job audit, resolving uncertain jobs (issue 4)
    enrolment,  # kindergarten live board, results and kiosk registration (issue 9)
    faq,  # the FAQ at the kiosk: categories and search (issue 17)
    fines,  # fine look-up at the kiosk and what a fine slip prints (issue 17)
    forms,  # the forms library: announce, index, chunked fetch, cache report (issue 15)
    jobs,  # job vacancies by township (issue 17)
    kiosk,  # the service catalogue as the kiosk shows it (issue 6)
    pickup,  # document pick-up: a counter's 2D reader read a code (issue 17)
    provisioning,  # onboarding, discovery, config push, technician commands (issue 8)
    ratings,  # keypad presses and prompt/LED/buzzer commands (issues 4 and 7)
    requests,  # hub clock, request errors
    visits,  # kiosk visits and counter service
)

__all__ = [
    "a4print",
    "auth",
    "cases",
    "device",
    "documents",
    "enrolment",
    "faq",
    "fines",
    "forms",
    "jobs",
    "kiosk",
    "pickup",
    "provisioning",
    "ratings",
    "requests",
    "visits",
]
