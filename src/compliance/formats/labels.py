"""Chinese labels shared by the human-readable formats."""

from __future__ import annotations

from compliance.report.model import DocumentReport, Finding

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def verdict_label(doc: DocumentReport) -> str:
    if doc.error:
        return "无法检查"
    return "符合要求" if doc.passed else "不符合要求"


def ordered_failures(doc: DocumentReport) -> list[Finding]:
    """Failed findings, most severe first, then in checklist order."""
    order = {f.rule: i for i, f in enumerate(doc.findings)}
    return sorted(doc.failures, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), order[f.rule]))


def basis_line(finding: Finding) -> str:
    article = f" {finding.basis.article}" if finding.basis.article else ""
    return f"{finding.basis.source}{article}"
