"""Annotate: which failed finding becomes which Word comment, on which paragraph, saying what.

Pure logic plus the library entry point `annotate`; the .docx itself is written by
compliance.authoring.docx_writer (imported late). The report is checked by the same pipeline and
settings as `compliance check` (compliance.pipeline.check), so the comments are exactly the
findings `check` reports as failing. The input file is only read; the copy is written atomically and
never over an existing file without force.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from compliance.checklist.model import Checklist
from compliance.errors import DocumentError, UsageError
from compliance.formats.labels import SEVERITY_LABEL, basis_line
from compliance.output import check_writable, refuse_inputs, write_atomic
from compliance.pipeline.check import check_loaded, check_settings
from compliance.pipeline.results import library_overrides
from compliance.reading.document import Document
from compliance.reading.loader import load_document
from compliance.report.model import DocumentReport, Finding
from compliance.settings.config import Overrides, settings_for

OUTPUT_INFIX = ".compliance"
ACHIEVEMENTS = "achievements"  # the slot of the part where a task area is expected


@dataclass(frozen=True, slots=True)
class Comment:
    """One Word comment: the finding it comes from, the paragraph (Block.index) and the text."""

    rule: str
    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class Annotation:
    """The result of annotating one report: where the copy went, the check, and the comments."""

    source: str
    output: str
    report: DocumentReport
    comments: tuple[Comment, ...]


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
    """One comment per failed finding, in checklist order."""
    if not paragraphs:
        return ()
    return tuple(
        Comment(f.rule, anchor_paragraph(f, report, paragraphs, title_paragraph), comment_text(f))
        for f in report.failures
    )


def default_output(path: str | os.PathLike[str]) -> str:
    """The copy's name next to the input: 报告.docx → 报告.compliance.docx."""
    source = Path(path)
    return str(source.with_name(source.stem + OUTPUT_INFIX + ".docx"))


def _load_docx(path: str) -> Document:
    if Path(path).suffix.lower() != ".docx":
        raise DocumentError(path, "只能给 Word (.docx) 文档添加批注；文本报告请用 compliance check 查看问题")
    document = load_document(path)
    if document.format != "docx":
        raise DocumentError(path, "文件不是 Word (.docx) 文档，无法添加批注")
    if not document.blocks:
        raise DocumentError(path, "文档中没有文字，无法添加批注")
    return document


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
    """Check a .docx report and write a copy with every failed finding as a Word comment.

    The checklist, profile, pass mark and configuration are chosen as in compliance.check
    (`settings`, as the CLI builds it, replaces those keywords). Raises DocumentError for an input
    that is not a readable .docx, UsageError for an output that exists (without force), is the
    input itself, or is not a .docx, OutputError when it cannot be written. Comments are undated
    unless `timestamp` is given.
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
    document = _load_docx(source)
    checked = check_loaded(document, resolved, checklist=given)
    paragraphs = tuple(block.index for block in document.blocks)
    comments = plan_comments(checked.report, paragraphs, checked.structure.title_paragraph)
    from compliance.authoring.docx_writer import annotate_docx  # imported late: python-docx is slow to import

    data = annotate_docx(
        source,
        [(c.paragraph, c.text) for c in comments],
        texts=[block.text for block in document.blocks],
        timestamp=timestamp,
    )
    write_atomic(target, data, force=force, inputs=[source])
    return Annotation(source, target, checked.report, comments)
