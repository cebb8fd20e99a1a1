"""The forms library on the agent (issue 15): a disk cache of every form's newest version, checked by SHA-256,
kept in step with the hub over MQTT, and printed from even while the hub is away."""
