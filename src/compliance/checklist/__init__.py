"""The checklist as data: its model, loading with `extends:`, validation, JSON Schema, docs and profiles."""
