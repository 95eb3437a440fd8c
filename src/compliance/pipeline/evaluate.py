"""Stage 4, evaluate: run every checklist item on a document's matched structure."""

from __future__ import annotations

from compliance.checklist.model import Checklist, Item
from compliance.classify.matcher import analyse
from compliance.classify.sections import Analysis
from compliance.evaluate.checks import Context, Section, Verdict
from compliance.reading.document import Document
from compliance.report.model import DocumentReport, Finding, OutlineEntry, SectionResult
from compliance.structure.outline import Structure, recover_structure


def _section_of(item: Item) -> str | None:
    if isinstance(item.check, Section):
        return item.id
    return getattr(item.check, "section", None)


def _finding(item: Item, verdict: Verdict) -> Finding:
    return Finding(
        item.id,
        item.title,
        item.severity,
        item.weight,
        verdict.status,
        verdict.message,
        verdict.paragraph,
        verdict.evidence,
        item.basis,
        item.fix,
        _section_of(item),
        item.name,
        places=verdict.places,
    )


def run_items(analysis: Analysis, checklist: Checklist) -> tuple[Finding, ...]:
    """One Finding per checklist item, in checklist order."""
    titles = checklist.titles
    return tuple(_finding(i, i.check.evaluate(Context(analysis, i.id, titles))) for i in checklist.items)


def evaluate(
    document: Document,
    checklist: Checklist,
    *,
    fail_under: float | None = None,
    profile: str | None = None,
    structure: Structure | None = None,
) -> DocumentReport:
    """Check one loaded document against a checklist (`structure`: recover_structure(document),
    when the caller already has it)."""
    structure = structure or recover_structure(document)
    analysis = analyse(structure, checklist.section_specs)
    outline = tuple(
        OutlineEntry(h.text, h.level, h.paragraph, sid, sim, h.run_in)
        for h, (sid, sim) in zip(structure.headings, analysis.heading_sections, strict=True)
    )
    sections = tuple(
        SectionResult(
            m.id,
            m.role,
            m.status,
            m.heading.text if m.heading else None,
            m.paragraph,
            m.evidence,
            m.similarity,
            m.closest,
        )
        for m in analysis.matches
    )
    return DocumentReport(
        path=document.path,
        format=document.format,
        title=structure.title,
        issuer=structure.issuer,
        report_year=structure.report_year,
        profile=profile,
        fail_under=checklist.fail_under if fail_under is None else fail_under,
        outline=outline,
        sections=sections,
        findings=run_items(analysis, checklist),
    )
