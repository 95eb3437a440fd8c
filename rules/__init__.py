"""Shipped checklists: YAML data installed with the package as compliance.rules."""
