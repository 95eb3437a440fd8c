"""Stage 4, evaluate: the check kinds that judge a classified document, one class per YAML `kind`."""
