"""MQTT ingest: the consumer that stores every device message exactly once, and the handler registries."""
