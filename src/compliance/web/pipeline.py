"""The web app's one door into the rest of compliance: every library call the server makes.

The other modules of compliance.web import compliance only through this module, so a move of the
library's modules changes this file alone. The functions that run in worker processes
(`check_upload`, `annotate_upload`, `template_file`) are module-level, so they pickle, and take and
return bytes and records. Each uploaded file is written to a private temporary folder (mode 0700)
that is removed before the function returns: the pipeline reads paths, exactly as the CLI does.
"""

from __future__ import annotations

import contextlib
import functools
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from compliance.authoring.annotate import annotate, default_output
from compliance.authoring.template import build_template, default_template_path, render_template
from compliance.batch import check_one, default_jobs
from compliance.checklist.model import Checklist, load_checklist, shipped_checklists
from compliance.checklist.validation import PROFILES
from compliance.errors import ComplianceError, DocumentError, UsageError
from compliance.formats import render
from compliance.formats.html import CSS as REPORT_CSS
from compliance.formats.html import format_html
from compliance.formats.labels import SEVERITY_LABEL, verdict_label
from compliance.formats.summary import CONFIDENCE_LABEL
from compliance.pipeline.check import check_file
from compliance.pipeline.paths import REPORT_SUFFIXES
from compliance.pipeline.results import make_report, tool_version
from compliance.reading.legacy import convertible
from compliance.reading.loader import MAX_INPUT_BYTES
from compliance.reading.sniff import sniff
from compliance.records import Record, replace
from compliance.report.model import DocumentReport, Report
from compliance.settings.config import Overrides

__all__ = [
    "CONFIDENCE_LABEL",
    "MAX_INPUT_BYTES",
    "PRELOAD",
    "PROFILES",
    "REPORT_CSS",
    "REPORT_SUFFIXES",
    "SEVERITY_LABEL",
    "ComplianceError",
    "DocumentError",
    "DocumentReport",
    "Produced",
    "Report",
    "UsageError",
    "annotate_upload",
    "annotated_name",
    "check_upload",
    "default_jobs",
    "make_report",
    "render_report",
    "report_body",
    "rules_data",
    "slow_kind",
    "template_file",
    "tool_version",
    "unreadable",
    "verdict_label",
]

# Modules a worker process imports once in the forkserver, so that each worker starts warm.
PRELOAD = ["compliance.web.pipeline", "compliance.reading.docx_reader"]
# Sniffed kinds that take seconds rather than milliseconds: LibreOffice conversions and PDF text
# extraction. The server checks them in a separate pool so they never queue in front of a .docx.
_SLOW_KINDS = frozenset({"pdf"})
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
MAX_STORED_NAME = 100  # characters of the upload's name kept for the private copy's name


def overrides(profile: str | None) -> Overrides:
    """The settings of a web check: the chosen profile (None: inferred from the document, as the
    CLI does) and no project configuration (the server's folders say nothing about an upload)."""
    return Overrides(profile=profile, isolated=True)


@contextmanager
def private_copy(name: str, data: bytes) -> Iterator[Path]:
    """`data` as a file named like the upload in a new private folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="compliance-web-") as folder:
        stored = _UNSAFE.sub("_", name).strip(". ")[-MAX_STORED_NAME:] or "upload"
        path = Path(folder) / stored
        path.write_bytes(data)
        yield path


def _shown(result: DocumentReport, path: Path, name: str) -> DocumentReport:
    """The result as the user should see it: named by the upload's name, not the private copy."""
    error = result.error.replace(str(path), name) if result.error else None
    return replace(result, path=name, error=error)


def check_upload(
    name: str, data: bytes, profile: str | None, previous: tuple[str, bytes] | None = None
) -> DocumentReport:
    """Check one uploaded file as `compliance check --isolated [--profile P] NAME [--previous LAST]`
    would (`previous`: last year's report as (name, content)); a file that cannot be checked gives
    its error row (the CLI's one-line Chinese cause)."""
    with private_copy(name, data) as path, contextlib.ExitStack() as stack:  # two private folders
        last = stack.enter_context(private_copy(*previous)) if previous else None
        check = functools.partial(check_file, overrides=overrides(profile), previous=last)
        result = _shown(check_one(check, str(path)), path, name)
        if last is None or previous is None:
            return result
        error = result.error.replace(str(last), previous[0]) if result.error else None
        trace = result.follow_through
        if trace is not None:
            trace = replace(trace, previous=previous[0])
        return replace(result, error=error, follow_through=trace)


def unreadable(name: str, cause: str) -> DocumentReport:
    """The error row of a file the server refused before checking it (too large, timed out)."""
    return DocumentReport.unreadable(name, cause, load_checklist().fail_under)


class Produced(Record, frozen=True):
    """A file made in a worker process (its name and bytes), or why it could not be made.

    Workers return this rather than raise: a library exception does not always survive the trip
    back from the process (DocumentError takes two arguments), and a failed unpickling would
    break the pool."""

    name: str
    data: bytes = b""
    error: str | None = None


def annotate_upload(name: str, data: bytes, profile: str | None) -> Produced:
    """The commented copy of an uploaded .docx, as `compliance annotate --isolated [-p PROFILE]`
    writes it, named 报告.compliance.docx: the same pipeline as the check, so the comments say what
    the gap report says. A file that cannot be annotated gives the reason."""
    with private_copy(name, data) as path:
        try:
            output = path.parent / "annotated.docx"
            annotate(str(path), str(output), settings=overrides(profile))  # the profile as check infers it
            return Produced(annotated_name(name), output.read_bytes())
        except DocumentError as err:
            return Produced(name, error=f"{name}: {err.cause}")
        except ComplianceError as err:
            return Produced(name, error=str(err).replace(str(path), name))


def annotated_name(name: str) -> str:
    """The commented copy's file name: 报告.docx → 报告.compliance.docx (as compliance annotate)."""
    return Path(default_output(name)).name


def template_file(year: int, issuer: str, profile: str) -> Produced:
    """The report template (.docx), as `compliance template -c PROFILE` writes it."""
    try:
        template = build_template(load_checklist(profile), year, issuer)
    except ComplianceError as err:
        return Produced("", error=str(err))
    return Produced(default_template_path(template, "docx"), render_template(template, "docx"))


def slow_kind(name: str, data: bytes) -> bool:
    """Whether the file needs LibreOffice or PDF extraction (seconds, not milliseconds)."""
    kind = sniff(data, name).kind
    return convertible(kind) or kind in _SLOW_KINDS


def render_report(documents: Sequence[DocumentReport], fmt: str) -> str:
    """The documents in one of the CLI's formats (json, markdown, html, csv), as `check -f FMT`."""
    return render(make_report(None, documents), fmt)


def report_body(documents: Sequence[DocumentReport]) -> str:
    """The inside of `check -f html`'s <body>: one gap report, or the matrix and every gap report.
    Already escaped by the formatter; styled by REPORT_CSS, which the page links."""
    page = format_html(make_report(None, documents))
    return page.split("<body>\n", 1)[1].rsplit("</body>", 1)[0]


def _item(checklist: Checklist, index: int) -> dict[str, Any]:
    item = checklist.items[index]
    basis = item.basis
    return {
        "id": item.id,
        "title": item.title,
        "name": item.name,
        "severity": item.severity,
        "weight": item.weight,
        "kind": item.kind,
        "why": item.why,
        "fix": item.fix,
        "basis": {
            "source": basis.source,
            "article": basis.article,
            "quote": basis.quote,
            "confidence": basis.confidence,
            "url": basis.url,
        },
        "examples_pass": list(item.examples_pass),
        "examples_fail": list(item.examples_fail),
    }


@functools.cache
def rules_data() -> dict[str, Any]:
    """Every shipped checklist with every item: what, why, basis, fix, examples (GET /api/rules)."""
    checklists = []
    for name in shipped_checklists():
        checklist = load_checklist(name)
        checklists.append(
            {
                "id": checklist.id,
                "version": checklist.version,
                "title": checklist.title,
                "profile": checklist.profile,
                "fail_under": checklist.fail_under,
                "items": [_item(checklist, i) for i in range(len(checklist.items))],
            }
        )
    return {"tool": {"name": "compliance", "version": tool_version()}, "checklists": checklists}
