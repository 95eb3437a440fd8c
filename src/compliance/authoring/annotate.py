"""Annotate: which failed finding becomes which Word comment, on which paragraph, saying what.

Pure logic plus the library entry point `annotate`; the .docx itself is written by
compliance.authoring.docx_writer (imported late), which first removes the comments an earlier run
wrote, so annotating an annotated copy gives the same copy. The report is checked by the same
pipeline and settings as `compliance check` (compliance.pipeline.check), so the comments are exactly
the findings `check` reports as failing. A legacy draft (.doc/.wps/.rtf/.odt) is converted
(authoring.sources) and its copy written as .docx. The input file is only read; the copy is written
atomically and never over an existing file without force.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from compliance.authoring.sources import word_source
from compliance.checklist.model import Checklist
from compliance.errors import UsageError
from compliance.formats.labels import SEVERITY_LABEL, basis_line
from compliance.output import check_writable, refuse_inputs, write_atomic
from compliance.pipeline.check import check_loaded, check_settings
from compliance.pipeline.results import library_overrides
from compliance.records import Record
from compliance.report.model import DocumentReport, Finding
from compliance.settings.config import Overrides, settings_for

OUTPUT_INFIX = ".compliance"
ACHIEVEMENTS = "achievements"  # the slot of the part where a task area is expected


class Comment(Record, frozen=True):
    """One Word comment: the finding it comes from, the paragraph (Block.index) and the text."""

    rule: str
    paragraph: int
    text: str


class Annotation(Record, frozen=True):
    """The result of annotating one report: where the copy went, the check, and the comments."""

    source: str
    output: str
    report: DocumentReport
    comments: tuple[Comment, ...]
    converted_from: str = ""  # the draft's kind in Chinese when LibreOffice converted it to .docx


def comment_text(finding: Finding) -> str:
    """The comment for a failed finding: what is wrong, the basis (依据) and the fix (建议)."""
    lines = [
        f"【{SEVERITY_LABEL.get(finding.severity, finding.severity)}】{finding.title}",
        finding.message,
        f"依据：{basis_line(finding)}",
    ]
    if finding.fix:
        lines.append(f"建议：{finding.fix}")
    return "\n".join(lines)


def anchor_paragraph(
    finding: Finding, report: DocumentReport, paragraphs: tuple[int, ...], title_paragraph: int | None
) -> int:
    """The paragraph a finding's comment goes on.

    The paragraph the finding points at (for a missing part: the closest heading); else, for a
    task area, the achievements heading where it was expected; else the title; else the first
    paragraph. `paragraphs` are the document's Block indices, in order (not empty).
    """
    known = set(paragraphs)
    candidates = [finding.paragraph]
    section = report.section(finding.section) if finding.section else None
    if section is not None and section.role == "area":
        holder = next((s for s in report.sections if s.slot == ACHIEVEMENTS), None)
        candidates.append(holder.paragraph if holder and holder.status == "heading" else None)
    candidates.append(title_paragraph)
    return next((p for p in candidates if p is not None and p in known), paragraphs[0])


def plan_comments(
    report: DocumentReport, paragraphs: tuple[int, ...], title_paragraph: int | None = None
) -> tuple[Comment, ...]:
    """One comment per failed finding, in checklist order; a finding found in several places (every
    placeholder, every empty part) gets one on each of them, saying which text it is about."""
    if not paragraphs:
        return ()
    known = set(paragraphs)
    comments: list[Comment] = []
    for finding in report.failures:
        places = [(p, evidence) for p, evidence in finding.places if p in known]
        if len(places) < 2:
            comments.append(
                Comment(
                    finding.rule,
                    anchor_paragraph(finding, report, paragraphs, title_paragraph),
                    comment_text(finding),
                )
            )
            continue
        for paragraph, evidence in places:
            text = comment_text(finding) + f"\n此处：「{evidence}」"
            comments.append(Comment(finding.rule, paragraph, text))
    return tuple(comments)


def default_output(path: str | os.PathLike[str]) -> str:
    """The copy's name next to the input: 报告.docx → 报告.compliance.docx."""
    source = Path(path)
    return str(source.with_name(source.stem + OUTPUT_INFIX + ".docx"))


def annotate(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    checklist: str | Checklist | None = None,
    profile: str | None = None,
    force: bool = False,
    fail_under: float | None = None,
    config: bool | str | os.PathLike[str] = False,
    settings: Overrides | None = None,
    timestamp: datetime | None = None,
) -> Annotation:
    """Check a Word draft and write a .docx copy with every failed finding as a Word comment, in
    place of the comments an earlier run wrote (other people's comments are kept).

    The checklist, profile, pass mark and configuration are chosen as in compliance.check
    (`settings`, as the CLI builds it, replaces those keywords). Raises DocumentError for an input
    that is not a readable Word file (PDF, HTML, text), UsageError for an output that exists
    (without force), is the input itself, or is not a .docx, OutputError when it cannot be written.
    Comments are undated unless `timestamp` is given.
    """
    source = os.fspath(path)
    target = default_output(source) if output is None else os.fspath(output)
    if Path(target).suffix.lower() != ".docx":
        raise UsageError(f"{target}: 批注后的文件必须保存为 .docx")
    refuse_inputs(target, [source])
    given = checklist if isinstance(checklist, Checklist) else None
    name = None if isinstance(checklist, Checklist) else checklist
    overrides = settings or library_overrides(name, profile=profile, fail_under=fail_under, config=config)
    resolved = settings_for(source, overrides)
    check_settings([source], overrides, checklist=given)
    check_writable(target, force=force, inputs=[source])
    from compliance.authoring.docx_writer import annotate_docx  # imported late: python-docx is slow to import

    with word_source(source) as draft:
        document = draft.document
        checked = check_loaded(document, resolved, checklist=given)
        paragraphs = tuple(block.index for block in document.blocks)
        comments = plan_comments(checked.report, paragraphs, checked.structure.title_paragraph)
        data = annotate_docx(
            draft.docx,
            [(c.paragraph, c.text) for c in comments],
            texts=[block.text for block in document.blocks],
            timestamp=timestamp,
            shown=source,
        )
    write_atomic(target, data, force=force, inputs=[source])
    return Annotation(source, target, checked.report, comments, draft.converted_from)
