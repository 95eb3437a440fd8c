"""JUnit XML output: one <testsuite> per document, one <testcase> per checklist item.

A failed item is a <failure> (message, evidence, basis, fix), a not-applicable item is <skipped/>,
an unreadable document is a suite with one <error>. With a baseline, known findings are <skipped/>
with a message saying so, so CI test reporters stay green until a new finding appears.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from compliance.formats.labels import SEVERITY_LABEL, basis_line
from compliance.report.baseline import Comparison, DocumentComparison
from compliance.report.model import DocumentReport, Finding, Report
from compliance.text import position

# Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (a report may contain stray control codes)."""
    return _NOT_XML.sub("", text)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text:
        element.text = xml_text(text)
    return element


def failure_text(finding: Finding, fmt: str | None = None) -> str:
    """The body of a <failure>: the message, where, the evidence, the basis and the fix."""
    lines = [finding.message]
    if finding.paragraph or finding.evidence:
        where = position(finding.paragraph, fmt) if finding.paragraph else ""
        lines.append(f"位置：{where}" + (f"「{finding.evidence}」" if finding.evidence else ""))
    lines.append(f"依据：{basis_line(finding)}")
    if finding.fix:
        lines.append(f"建议：{finding.fix}")
    return "\n".join(lines)


def _counts(doc: DocumentReport, compared: DocumentComparison | None) -> dict[str, int]:
    if doc.error:
        return {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
    known = len(compared.known) if compared else 0
    failed = len(doc.failures) - known
    skipped = sum(1 for f in doc.findings if f.status not in ("pass", "fail")) + known
    return {"tests": len(doc.findings), "failures": failed, "errors": 0, "skipped": skipped}


def _suite(root: ET.Element, doc: DocumentReport, compared: DocumentComparison | None) -> dict[str, int]:
    counts = _counts(doc, compared)
    suite = _element(root, "testsuite", name=doc.path, **{k: str(v) for k, v in counts.items()})
    if doc.error:
        case = _element(suite, "testcase", name="读取文件", classname=doc.path, file=doc.path)
        _element(case, "error", doc.error, message=doc.error, type="DocumentError")
        return counts
    properties = _element(suite, "properties")
    for name, value in (
        ("title", doc.title or ""),
        ("score", f"{doc.score:g}"),
        ("fail_under", f"{doc.fail_under:g}"),
        ("passed", str(doc.passed).lower()),
    ):
        _element(properties, "property", name=name, value=value)
    for finding in doc.findings:
        case = _element(
            suite,
            "testcase",
            name=f"{finding.rule} {finding.name}".strip(),
            classname=doc.path,
            file=doc.path,
        )
        state = compared.status(finding) if compared else None
        if state == "known":
            _element(case, "skipped", message=f"已记录在基线中的已知问题：{finding.message}")
        elif finding.status == "fail":
            _element(
                case,
                "failure",
                failure_text(finding, doc.format),
                message=finding.message,
                type=SEVERITY_LABEL.get(finding.severity, finding.severity),
            )
        elif finding.status == "ignored":  # suppressed by the project configuration, with a reason
            reason = getattr(finding, "ignore_reason", None) or ""
            source = getattr(finding, "ignored_by", None) or ""
            _element(case, "skipped", message=f"已按配置忽略：{reason}" + (f"（{source}）" if source else ""))
        elif finding.status != "pass":  # "skip": not applicable
            _element(case, "skipped", message=finding.message)
    return counts


def format_junit(report: Report, *, baseline: Comparison | None = None) -> str:
    """The report as JUnit XML (UTF-8, indented, no timestamps or durations)."""
    root = ET.Element("testsuites", name="compliance")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for i, doc in enumerate(report.documents):
        counts = _suite(root, doc, baseline.documents[i] if baseline else None)
        totals = {k: totals[k] + counts[k] for k in totals}
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
