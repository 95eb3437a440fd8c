"""Chinese labels shared by the human-readable formats."""

from __future__ import annotations

from ..report import DocumentReport, Finding, SectionResult

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABEL = {"heading": "已找到", "content": "仅正文提及", "missing": "缺失"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def verdict_label(doc: DocumentReport) -> str:
    if doc.error:
        return "无法检查"
    return "符合要求" if doc.passed else "不符合要求"


def short_title(title: str) -> str:
    """An item title without its parenthesised gloss: "党的领导（…）" → "党的领导"."""
    return title.split("（")[0]


def ordered_failures(doc: DocumentReport) -> list[Finding]:
    """Failed findings, most severe first, then in checklist order."""
    order = {f.rule: i for i, f in enumerate(doc.findings)}
    return sorted(doc.failures, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), order[f.rule]))


def section_line(section: SectionResult) -> str:
    """Where a part or area was found, in one phrase."""
    if section.status == "heading":
        where = f"第{section.paragraph}段" if section.paragraph else ""
        return f"{where}「{section.heading or section.evidence or ''}」"
    if section.status == "content":
        return f"第{section.paragraph}段正文：「{section.evidence or ''}」"
    if section.closest and section.closest[1] >= 40:
        text, score, paragraph = section.closest
        return f"最接近：第{paragraph}段「{text}」（{score:.0f}%）"
    return ""


def basis_line(finding: Finding) -> str:
    article = f" {finding.basis.article}" if finding.basis.article else ""
    return f"{finding.basis.source}{article}"
