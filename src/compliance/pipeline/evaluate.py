"""Stage 4, evaluate: run every checklist item on a document's matched structure."""

from __future__ import annotations

from compliance.checklist.model import Checklist, Item
from compliance.classify.explain import explain
from compliance.classify.index import index_for
from compliance.classify.matcher import analyse
from compliance.classify.sections import Analysis, SectionMatch
from compliance.evaluate.checks import Context, Previous, Section, Verdict
from compliance.evaluate.trace import Trace
from compliance.reading.document import Document
from compliance.records import replace
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
        pairs=verdict.pairs,
    )


def without_empty_parts(analysis: Analysis, checklist: Checklist) -> Analysis:
    """The analysis with every required part or area whose heading has nothing under it (or only
    "无。" / "暂无") made "missing", keeping the heading: a heading alone does not do a part's job.
    An optional part may say "无。" ("其他需要报告的情况：无。" is an answer)."""
    required = {i.id for i in checklist.items if isinstance(i.check, Section) and not i.check.optional}
    structure = analysis.structure

    def empty(match: SectionMatch) -> bool:
        heading = match.heading
        if match.id not in required or match.status != "heading" or heading is None:
            return False
        # A part is read over its whole scope (its heading, or an overview just before it, and the
        # headings it runs on over).
        scope = analysis.scopes.get(match.id, ())
        return not any(structure.has_body(h) for h in (scope if heading in scope else (heading, *scope)))

    matches = tuple(replace(m, status="missing", closest=None) if empty(m) else m for m in analysis.matches)
    return analysis if matches == analysis.matches else replace(analysis, matches=matches)


def run_items(
    analysis: Analysis, checklist: Checklist, previous: Previous | None = None
) -> tuple[tuple[Finding, ...], Trace | None]:
    """One Finding per checklist item, in checklist order, and the trace of last year's plan (when
    `previous` is given and the checklist has an item that traces it)."""
    titles = checklist.titles
    index = index_for(checklist.section_specs, checklist.vocabulary, analysis.structure.report_year)
    findings, found = [], None
    for item in checklist.items:
        verdict = item.check.evaluate(Context(analysis, item.id, titles, index, previous))
        found = found or verdict.trace
        findings.append(_finding(item, verdict))
    return tuple(findings), found


def analysed(structure: Structure, checklist: Checklist) -> Analysis:
    """A structure's sections matched to the checklist, parts with nothing under them missing."""
    return without_empty_parts(analyse(structure, checklist.section_specs, checklist.vocabulary), checklist)


def evaluate(
    document: Document,
    checklist: Checklist,
    *,
    fail_under: float | None = None,
    profile: str | None = None,
    structure: Structure | None = None,
    previous: Previous | None = None,
) -> DocumentReport:
    """Check one loaded document against a checklist (`structure`: recover_structure(document),
    when the caller already has it; `previous`: last year's report, for the follow-through)."""
    structure = structure or recover_structure(document)
    specs = checklist.section_specs
    analysis = analysed(structure, checklist)
    findings, trace = run_items(analysis, checklist, previous)
    outline = tuple(
        OutlineEntry(
            h.text,
            h.level,
            h.paragraph,
            sid,
            sim,
            h.run_in,
            *explain(analysis, specs, checklist.vocabulary, k, sid),
        )
        for k, (h, (sid, sim)) in enumerate(zip(structure.headings, analysis.heading_sections, strict=True))
    )
    slots = {spec.id: spec.slot for spec in specs}
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
            m.accepted,
            slots.get(m.id, ""),
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
        findings=findings,
        follow_through=trace,
    )
