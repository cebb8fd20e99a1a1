"""Screenshot tools: the staff pages (``staff``), the ratings dashboard (``ratings``) and the kiosk (``kiosk``)."""
