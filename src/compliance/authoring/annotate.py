"""Annotate: which failed finding becomes which Word comment, on which paragraph, saying what.

Pure logic plus the library entry point `annotate`; the .docx itself is written by
compliance.docx_writer (imported late), which first removes the comments an earlier run wrote, so
annotating an annotated copy gives the same copy. A legacy draft (.doc/.wps/.rtf/.odt) is converted
(authoring.sources) and its copy written as .docx. The input file is only read; the copy is written
atomically and never over an existing file without force.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from compliance.authoring.sources import word_source
from compliance.checklist.model import Checklist, load_checklist
from compliance.errors import UsageError
from compliance.formats.labels import SEVERITY_LABEL, basis_line
from compliance.output import check_writable, write_atomic
from compliance.pipeline.evaluate import evaluate
from compliance.report.model import DocumentReport, Finding
from compliance.structure.outline import recover_structure

OUTPUT_INFIX = ".compliance"
ACHIEVEMENTS = "achievements"  # where a task area is expected (as in compliance.matcher)


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
        holder = report.section(ACHIEVEMENTS)
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


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(b).exists() and os.path.samefile(a, b))
    except OSError:
        return False


def annotate(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    checklist: str | Checklist | None = None,
    force: bool = False,
    fail_under: float | None = None,
    timestamp: datetime | None = None,
) -> Annotation:
    """Check a Word draft and write a .docx copy with every failed finding as a Word comment, in
    place of the comments an earlier run wrote (other people's comments are kept).

    Raises DocumentError for an input that is not a readable Word file (PDF, HTML, text),
    UsageError for an output that exists (without force), is the input itself, or is not a .docx.
    Comments are undated unless `timestamp` is given.
    """
    source = os.fspath(path)
    target = default_output(source) if output is None else os.fspath(output)
    if Path(target).suffix.lower() != ".docx":
        raise UsageError(f"{target}: 批注后的文件必须保存为 .docx")
    if _same_file(source, target):
        raise UsageError(f"{target}: 不能覆盖原文件，请用 -o 指定另一个文件名")
    rules = checklist if isinstance(checklist, Checklist) else load_checklist(checklist)
    check_writable(target, force=force)
    from compliance.authoring.docx_writer import annotate_docx  # imported late: python-docx is slow to import

    with word_source(source) as draft:
        document = draft.document
        report = evaluate(document, rules, fail_under=fail_under)
        structure = recover_structure(document)
        paragraphs = tuple(block.index for block in document.blocks)
        comments = plan_comments(report, paragraphs, structure.title_paragraph)
        data = annotate_docx(
            draft.docx,
            [(c.paragraph, c.text) for c in comments],
            texts=[block.text for block in document.blocks],
            timestamp=timestamp,
            shown=source,
        )
    write_atomic(target, data, force=force)
    return Annotation(source, target, report, comments, draft.converted_from)
