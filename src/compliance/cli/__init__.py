"""The command line: the click shell over the library (commands in cli.main)."""

from compliance.cli.main import main

__all__ = ["main"]
