"""Paths shared by the tests: the repository's samples, corpus, seed and fixtures."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
SAMPLES = ROOT / "samples"
CORPUS = TESTS / "corpus"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
SEED_TXT = ROOT / "seeds" / "000_1c1d18808efcf126.txt"
