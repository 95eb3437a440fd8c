"""`python -m compliance` runs the command-line interface."""

from compliance.cli.main import main

main()
