"""Where the shipped checklists and their vocabulary files live (the package `compliance.rules`).

Found from the import system's own record of the package, which costs nothing at start-up;
importlib.resources (with tempfile, random and shutil behind it) is imported only for a package
that is not a plain folder (a zip, a namespace spread over folders).
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

RULES_PACKAGE = "compliance.rules"


@cache
def rules_folder() -> Traversable:
    """The folder of the shipped rules, both when installed and from an editable install (what
    importlib.resources.files gives for the package)."""
    spec = importlib.util.find_spec(RULES_PACKAGE)
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    if len(locations) == 1 and os.path.isdir(locations[0]):
        return Path(locations[0])
    from importlib import resources

    return resources.files(RULES_PACKAGE)
