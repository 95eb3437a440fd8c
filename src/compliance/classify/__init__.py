"""Stage 3a, classify: which part or task area a heading introduces, read as a reviewer reads it.

A heading is scored against every section's vocabulary (the checklist's names plus the official
programme texts, rules/vocabulary.yaml) by weighted term overlap, BM25 over character n-grams whose
weights make words shared by every area count for almost nothing, on the heading and on the first
few hundred characters of the text under it. Traditional characters are folded to simplified first.
"""

from __future__ import annotations

from .fold import to_simplified
from .index import VocabularyIndex, index_for
from .scoring import Classification, classify_heading
from .vocabulary import PartFrame, Programme, Term, Vocabulary, build_vocabulary

__all__ = [
    "Classification",
    "PartFrame",
    "Programme",
    "Term",
    "Vocabulary",
    "VocabularyIndex",
    "build_vocabulary",
    "classify_heading",
    "index_for",
    "to_simplified",
]
