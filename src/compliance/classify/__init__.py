"""Stage 3, classify: decide which checklist part or task area each heading introduces."""
