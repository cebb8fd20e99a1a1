"""The central hub: data, MQTT ingest, HTTP API and staff pages."""
