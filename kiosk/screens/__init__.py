"""One module + one .kv per screen, imported lazily by KioskApp.screen(); each module exports SCREEN."""
