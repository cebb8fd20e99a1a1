"""Service catalogue: services, forms, fees and milestones; shipped as YAML, editable by staff."""
