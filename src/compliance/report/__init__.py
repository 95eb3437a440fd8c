"""Stage 5, report: immutable result records, the score, the JSON wire form and baselines."""
