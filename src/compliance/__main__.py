"""`python -m compliance` runs the command-line interface."""

from .cli import main

main()
