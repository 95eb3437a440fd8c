"""Suppressions: apply a file's `select` and `ignore` settings to its findings, and list them.

An ignored item keeps its finding, with status "ignored", the reason and the configuration file
that ignores it, so suppressions stay visible (JSON, `--show-ignored`) and can be audited; it is left
out of the score and cannot fail the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compliance.records import replace
from compliance.report.model import DocumentReport, Report
from compliance.settings.config import Settings, config_error

if TYPE_CHECKING:
    from compliance.checklist.model import Checklist


def check_rules(settings: Settings, checklist: Checklist) -> None:
    """Raise UsageError, naming the configuration, when `select` or `ignore` names an item that
    `checklist` does not have (a typo would otherwise silently ignore nothing)."""
    known = {item.id for item in checklist.items}
    named = [(s.source, s.rule) for s in settings.ignore]
    named += [(settings.config or "命令行", rule) for rule in settings.select or ()]
    for source, rule in named:
        if rule not in known:
            text = f"检查项“{rule}”不在检查清单 {checklist.path} 中（用 compliance rules 查看全部）"
            raise config_error(source, text, f'"{rule}"')


def apply_settings(report: DocumentReport, settings: Settings, checklist: Checklist) -> DocumentReport:
    """Keep the selected items and mark the ignored ones (status "ignored", with the reason).

    Raises UsageError when `select` or `ignore` names an item the checklist does not have.
    """
    check_rules(settings, checklist)
    findings = report.findings
    if settings.select is not None:
        findings = tuple(f for f in findings if f.rule in settings.select)
    reasons = {s.rule: s for s in settings.ignore}
    findings = tuple(
        replace(
            f,
            status="ignored",
            ignore_reason=reasons[f.rule].reason,
            ignored_by=reasons[f.rule].source,
            ignored_status=f.status,
        )
        if f.rule in reasons
        else f
        for f in findings
    )
    return replace(report, findings=findings)


def ignored_text(report: Report) -> str:
    """What was ignored and why, one line per item and document (for `--show-ignored`)."""
    lines = []
    for doc in report.documents:
        for finding in doc.findings:
            if finding.status == "ignored":
                lines.append(
                    f"{doc.path}: 已忽略 [{finding.rule}] {finding.name or finding.title}"
                    f"：{finding.ignore_reason}（{finding.ignored_by}）"
                )
    return "\n".join(lines or ["没有忽略任何检查项。"]) + "\n"
