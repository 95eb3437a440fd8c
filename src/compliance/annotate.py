"""Annotate: which failed finding becomes which Word comment, on which paragraph, saying what.

Pure logic plus the library entry point `annotate`; the .docx itself is written by
compliance.docx_writer (imported late). The input file is only read; the copy is written
atomically and never over an existing file without force.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .checklist import Checklist, load_checklist
from .document import Document
from .errors import DocumentError, UsageError
from .evaluate import evaluate
from .formats.labels import SEVERITY_LABEL, basis_line
from .loader import load_document
from .output import check_writable, write_atomic
from .report import DocumentReport, Finding
from .structure import recover_structure

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


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(b).exists() and os.path.samefile(a, b))
    except OSError:
        return False


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
    force: bool = False,
    fail_under: float | None = None,
    timestamp: datetime | None = None,
) -> Annotation:
    """Check a .docx report and write a copy with every failed finding as a Word comment.

    Raises DocumentError for an input that is not a readable .docx, UsageError for an output
    that exists (without force), is the input itself, or is not a .docx. Comments are undated
    unless `timestamp` is given.
    """
    source = os.fspath(path)
    target = default_output(source) if output is None else os.fspath(output)
    if Path(target).suffix.lower() != ".docx":
        raise UsageError(f"{target}: 批注后的文件必须保存为 .docx")
    if _same_file(source, target):
        raise UsageError(f"{target}: 不能覆盖原文件，请用 -o 指定另一个文件名")
    rules = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    check_writable(target, force=force)
    document = _load_docx(source)
    report = evaluate(document, rules, fail_under=fail_under)
    structure = recover_structure(document)
    paragraphs = tuple(block.index for block in document.blocks)
    comments = plan_comments(report, paragraphs, structure.title_paragraph)
    from .docx_writer import annotate_docx  # imported late: python-docx is slow to import

    data = annotate_docx(
        source,
        [(c.paragraph, c.text) for c in comments],
        texts=[block.text for block in document.blocks],
        timestamp=timestamp,
    )
    write_atomic(target, data, force=force)
    return Annotation(source, target, report, comments)
