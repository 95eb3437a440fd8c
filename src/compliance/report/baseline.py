"""Baseline: record today's failed findings, then tell new findings from known and fixed ones.

A finding is identified by (document, rule, section), never by its paragraph, so editing the text
around a known problem does not turn it into a new one. Document paths in a baseline file are
relative to the folder holding the file, so the same baseline works from any working directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path, PurePath
from typing import Any

from compliance.errors import DocumentError, UsageError
from compliance.output import write_text
from compliance.records import Record, replace
from compliance.report.model import DocumentReport, Finding, Report

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".compliance-baseline.json"
# Formats that can show which findings are known (render_with_baseline).
BASELINE_FORMATS = ("terminal", "json", "sarif", "junit", "github")


def document_path(path: str, root: str | os.PathLike[str] | None = None) -> str:
    """`path` as a POSIX path relative to `root` (default: the current folder).

    This is the one spelling of a document used in baselines, SARIF locations and annotations,
    so "./reports/a.docx", "reports/a.docx" and its absolute path are the same document.
    """
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(root or os.curdir))
    except ValueError:  # another drive (Windows): no relative path exists
        return PurePath(absolute).as_posix()
    return PurePath(relative).as_posix()


class FindingKey(Record, frozen=True, order=True):
    """What identifies a finding across runs: the document, the rule and the section."""

    document: str
    rule: str
    section: str  # "" when the item is about no particular part or area

    @classmethod
    def of(cls, finding: Finding, path: str, root: str | os.PathLike[str] | None = None) -> FindingKey:
        return cls(document_path(path, root), finding.rule, finding.section or "")

    @property
    def fingerprint(self) -> str:
        """A stable hash of the key (SARIF partialFingerprints)."""
        text = "\0".join((self.rule, self.section, self.document))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class BaselineEntry(Record, frozen=True):
    """One recorded finding; severity and message are kept for people, not for matching."""

    key: FindingKey
    severity: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.key.document,
            "rule": self.key.rule,
            "section": self.key.section or None,
            "severity": self.severity,
            "message": self.message,
        }


class Baseline(Record, frozen=True):
    """The findings accepted at one point in time, with the checklist they came from."""

    entries: tuple[BaselineEntry, ...]
    checklist_id: str
    checklist_version: str
    root: str = "."  # the folder document paths are relative to (the baseline file's folder)

    def to_json(self) -> str:
        data = {
            "schema_version": BASELINE_VERSION,
            "tool": "compliance",
            "checklist": {"id": self.checklist_id, "version": self.checklist_version},
            "findings": [e.to_dict() for e in sorted(self.entries, key=lambda e: e.key)],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def make_baseline(report: Report, root: str | os.PathLike[str] | None = None) -> Baseline:
    """A baseline of every failed finding in `report`, paths relative to `root` (default: cwd).

    Raise DocumentError when a document could not be read: a baseline must not silently miss it.
    """
    entries: list[BaselineEntry] = []
    for doc in report.documents:
        if doc.error:
            raise DocumentError(doc.path, doc.error)
        entries += [
            BaselineEntry(FindingKey.of(f, doc.path, root), f.severity, f.message) for f in doc.failures
        ]
    return Baseline(
        tuple(sorted(entries, key=lambda e: e.key)),
        report.checklist_id,
        report.checklist_version,
        os.fspath(root or os.curdir),
    )


def write_baseline(report: Report, path: str, *, force: bool = False) -> Baseline:
    """Record the failed findings of `report` in the baseline file `path` (atomically; never over
    one of the report's documents)."""
    baseline = make_baseline(report, os.path.dirname(os.path.abspath(path)))
    write_text(path, baseline.to_json(), force=force, inputs=[d.path for d in report.documents])
    return baseline


def _bad(path: str, cause: str) -> UsageError:
    return UsageError(f"{path}: 不是有效的基线文件（{cause}）；请用 compliance baseline 重新生成")


def _entry(path: str, raw: Any, index: int) -> BaselineEntry:
    if not isinstance(raw, dict):
        raise _bad(path, f"findings 第{index + 1}项不是对象")
    document, rule, section = raw.get("document"), raw.get("rule"), raw.get("section")
    if not isinstance(document, str) or not isinstance(rule, str) or not isinstance(section, str | None):
        raise _bad(path, f"findings 第{index + 1}项缺少 document 或 rule")
    return BaselineEntry(
        FindingKey(document, rule, section or ""), str(raw.get("severity", "")), str(raw.get("message", ""))
    )


def load_baseline(path: str) -> Baseline:
    """Read a baseline file; raise UsageError (one Chinese line naming the file) when it is bad."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: 基线文件不存在（用 compliance baseline 生成）") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: 无法读取基线文件（{err.__class__.__name__}）") from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise _bad(path, f"第{err.lineno}行 JSON 语法错误") from None
    if not isinstance(data, dict) or data.get("schema_version") != BASELINE_VERSION:
        raise _bad(path, f"schema_version 应为 {BASELINE_VERSION}")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _bad(path, "缺少 findings 列表")
    checklist = data.get("checklist")
    if not isinstance(checklist, dict):
        checklist = {}
    entries = tuple(_entry(path, raw, i) for i, raw in enumerate(findings))
    return Baseline(
        entries,
        str(checklist.get("id", "")),
        str(checklist.get("version", "")),
        os.path.dirname(os.path.abspath(path)),
    )


class DocumentComparison(Record, frozen=True):
    """One checked document against the baseline."""

    new: tuple[Finding, ...]  # failed and not in the baseline: these make the check fail
    known: tuple[Finding, ...]  # failed and recorded in the baseline
    fixed: tuple[BaselineEntry, ...]  # recorded in the baseline and no longer failing
    passed: bool  # the verdict with known findings accepted
    error: bool = False  # the document could not be read (then nothing was compared)

    def status(self, finding: Finding) -> str | None:
        """Whether a failed finding is "new" or "known"; None for the other findings."""
        if finding in self.known:
            return "known"
        return "new" if finding in self.new else None


def _passes(doc: DocumentReport, known: tuple[Finding, ...]) -> bool:
    """DocumentReport.passed, with the known findings counted as passed."""
    accepted = tuple(replace(f, status="pass") if f in known else f for f in doc.findings)
    return replace(doc, findings=accepted).passed


class Comparison(Record, frozen=True):
    """A report against a baseline; `documents[i]` belongs to `report.documents[i]`."""

    baseline_path: str
    documents: tuple[DocumentComparison, ...]
    not_checked: int  # baseline entries for documents this run did not check

    @property
    def new(self) -> int:
        return sum(len(d.new) for d in self.documents)

    @property
    def known(self) -> int:
        return sum(len(d.known) for d in self.documents)

    @property
    def fixed(self) -> tuple[BaselineEntry, ...]:
        return tuple(e for d in self.documents for e in d.fixed)

    @property
    def exit_code(self) -> int:
        """0 when no document has a new failing finding, 1 when one has, 2 when one was unreadable."""
        return max((2 if d.error else 0 if d.passed else 1 for d in self.documents), default=0)

    def to_dict(self) -> dict[str, Any]:
        fixed = [e.to_dict() for e in self.fixed]
        return {"file": self.baseline_path, "new": self.new, "known": self.known, "fixed": len(fixed),
                "not_checked": self.not_checked, "fixed_findings": fixed}  # fmt: skip


def compare(report: Report, baseline: Baseline, baseline_path: str = "") -> Comparison:
    """Split each document's failed findings into new and known, and list the fixed ones."""
    remaining = Counter(e.key for e in baseline.entries)
    checked: set[str] = set()
    documents: list[DocumentComparison] = []
    for doc in report.documents:
        if doc.error:
            documents.append(DocumentComparison((), (), (), False, error=True))
            continue
        where = document_path(doc.path, baseline.root)
        checked.add(where)
        new: list[Finding] = []
        known: list[Finding] = []
        for finding in doc.failures:
            key = FindingKey.of(finding, doc.path, baseline.root)
            (known if remaining[key] > 0 else new).append(finding)
            remaining[key] -= 1
        fixed = tuple(e for e in baseline.entries if e.key.document == where and remaining[e.key] > 0)
        documents.append(DocumentComparison(tuple(new), tuple(known), fixed, _passes(doc, tuple(known))))
    not_checked = sum(1 for e in baseline.entries if e.key.document not in checked)
    return Comparison(baseline_path, tuple(documents), not_checked)


def describe(report: Report, comparison: Comparison) -> str:
    """The baseline's verdict in Chinese, for the terminal: counts, then the new and fixed findings."""
    head = (
        f"基线 {comparison.baseline_path}：新问题 {comparison.new} 项，已知问题 {comparison.known} 项仍存在，"
        f"已修复 {len(comparison.fixed)} 项。"
    )
    lines = [head]
    if comparison.not_checked:
        lines.append(f"（基线中另有 {comparison.not_checked} 项属于本次没有检查的文件。）")
    new = [(doc, f) for doc, cmp in zip(report.documents, comparison.documents, strict=True) for f in cmp.new]
    if new:
        lines.append("新问题（基线中没有，导致检查不通过）：")
        lines += [f"  ✗ {doc.path}  [{f.rule}] {f.message}" for doc, f in new]
    if comparison.fixed:
        lines.append("已修复（基线中有，本次不再出现，可用 compliance baseline 更新基线）：")
        lines += [f"  ✓ {e.key.document}  [{e.key.rule}] {e.message}" for e in comparison.fixed]
    return "\n".join(lines) + "\n"


def baseline_dict(report: Report, comparison: Comparison) -> dict[str, Any]:
    """report.to_dict() plus the baseline: a top-level "baseline" key, one per document, and a
    "baseline" of "new" or "known" on each failed finding (keys added, none renamed)."""
    data = report.to_dict()
    data["baseline"] = comparison.to_dict()
    for doc, row, cmp in zip(report.documents, data["documents"], comparison.documents, strict=True):
        if cmp.error:
            continue
        fixed = [e.to_dict() for e in cmp.fixed]
        row["baseline"] = {"passed": cmp.passed, "new": len(cmp.new), "known": len(cmp.known),
                           "fixed": len(fixed), "fixed_findings": fixed}  # fmt: skip
        for finding, item in zip(doc.findings, row["findings"], strict=True):
            status = cmp.status(finding)
            if status:
                item["baseline"] = status
    return data
