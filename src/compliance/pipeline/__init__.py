"""The one pipeline every command runs: load, structure, profile, checklist, evaluate, settings, report."""
