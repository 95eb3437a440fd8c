"""pytest configuration: the --update-goldens option, and a private folder for compiled checklists."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from compliance.checklist.compiled import CACHE_ENV


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite the files in tests/golden/")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(autouse=True, scope="session")
def compiled_checklists_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tests, and every process they start, keep compiled checklists (checklist/compiled.py)
    in a folder of their own, not in the user's cache: the suite runs with the cache on, as users do."""
    folder = str(tmp_path_factory.mktemp("compiled-checklists"))
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = folder
    yield folder
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before
