"""Stage 3, classify: which part or task area a heading introduces, read as a reviewer reads it.

A heading is scored against every section's vocabulary (the checklist's names plus the official
programme texts, rules/vocabulary.yaml) by weighted term overlap, BM25 over character n-grams whose
weights make words shared by every area count for almost nothing, on the heading and on the first
few hundred characters of the text under it. Traditional characters are folded to simplified first.
"""
