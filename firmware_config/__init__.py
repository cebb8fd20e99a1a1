"""Device configuration: YAML per device (ESPHome style), its schema, validator and the keypad line protocol."""
