"""Exceptions raised by compliance; messages are one line, in Chinese, naming the file.

* ComplianceError
  * DocumentError    missing, unreadable, unsupported, damaged or hostile input file
  * ChecklistError   bad checklist YAML, unknown kind or key, bad parameter, duplicate id
  * UsageError       a bad option value or an output file that already exists
  * OutputError      an output file that cannot be written (read-only, missing folder, disk full…)
"""

from __future__ import annotations


class ComplianceError(Exception):
    """Base class of every error the library raises on purpose."""


class DocumentError(ComplianceError):
    """The input document cannot be checked."""

    def __init__(self, path: str, cause: str) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}")


class ChecklistError(ComplianceError):
    """The checklist is invalid; `problems` holds every problem found, one per line."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__("\n".join(problems))


class UsageError(ComplianceError):
    """A command was called with values that cannot work."""


class OutputError(ComplianceError):
    """An output file cannot be written; nothing was left behind."""

    def __init__(self, path: str, cause: str) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}")
