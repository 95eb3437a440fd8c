"""Stage 2, structure: recover a document's title, issuer, year and heading outline."""
