"""Traditional → simplified folding for the classifier's matching (compliance.simplified owns OpenCC).

Kept as the classifier's name for the fold: the converter moved down to the bottom layer so that the
structure stage (titles, years) folds the same way."""

from __future__ import annotations

from compliance.simplified import to_simplified

__all__ = ["to_simplified"]
