"""Receipt printer: ESC/POS layout and encoding (pure), serial transport, durable job spool and service."""
