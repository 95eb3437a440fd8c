"""Server-rendered pages: Jinja2 templates (compliance/web/templates), every value autoescaped.

Only the gap reports come in as markup, from the CLI's HTML formatter, which escapes all document
text itself (tests upload a report containing <script> and find it shown as text)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

_ENVIRONMENT = Environment(
    loader=PackageLoader("compliance.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,  # a missing value is a bug, not an empty string on the page
    trim_blocks=True,
    lstrip_blocks=True,
)


def trusted(html: str) -> Markup:
    """Markup that was escaped where it was made (the gap report formatter's output)."""
    return Markup(html)


def page(name: str, **context: Any) -> str:
    """The page `name` (a template file) rendered with `context`."""
    return _ENVIRONMENT.get_template(name).render(**context)
