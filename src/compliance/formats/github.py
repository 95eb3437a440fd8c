"""GitHub Actions output: workflow-command annotations (::error, ::warning, ::notice) and a job summary.

GitHub shows at most 10 error and 10 warning annotations per step; when there are more, one
notice (printed first, so it is never the one dropped) says how many and where the full report is.
The job summary is capped at GitHub's 1 MiB and truncated with a note.
"""

from __future__ import annotations

from collections import Counter

from compliance.formats.labels import SEVERITY_LABEL, basis_line, ordered_failures, verdict_label
from compliance.report.baseline import Comparison, document_path
from compliance.report.model import DocumentReport, Finding, Report
from compliance.text import position

ANNOTATION_LIMIT = 10  # per step and per kind (error, warning)
SUMMARY_LIMIT = 1024 * 1024  # bytes: GitHub's limit for one step's job summary
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
DEFAULT_FULL_REPORT = "运行 compliance check 的终端输出，或用 --summary 生成的任务摘要"


def escape_data(text: str) -> str:
    """Escape a workflow command's message: % CR LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: % CR LF, and : , which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: str) -> str:
    """One `::command key=value,…::message` line, escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{command}{' ' + props if props else ''}::{escape_data(message)}"


def collect_annotations(report: Report, baseline: Comparison | None = None) -> list[tuple[str, str]]:
    """(command, line) for every unreadable document and every failed finding not in the baseline."""
    out: list[tuple[str, str]] = []
    for i, doc in enumerate(report.documents):
        path = document_path(doc.path)
        if doc.error:
            out.append(
                (
                    "error",
                    workflow_command("error", f"无法检查：{doc.error}", file=path, title="无法读取文件"),
                )
            )
            continue
        compared = baseline.documents[i] if baseline else None
        for finding in ordered_failures(doc):
            if compared and compared.status(finding) == "known":
                continue
            command = COMMANDS[finding.severity]
            message = finding.message + (f"\n建议：{finding.fix}" if finding.fix else "")
            out.append(
                (
                    command,
                    workflow_command(
                        command,
                        message,
                        file=path,
                        line=str(finding.paragraph or 1),
                        title=f"{finding.rule}：{finding.name}",
                    ),
                )
            )
    return out


def format_github(
    report: Report, *, baseline: Comparison | None = None, full_report: str | None = None
) -> str:
    """Workflow commands for a GitHub Actions log, then one plain line with the verdict."""
    found = collect_annotations(report, baseline)
    counts = Counter(command for command, _ in found)
    lines: list[str] = []
    if counts["error"] > ANNOTATION_LIMIT or counts["warning"] > ANNOTATION_LIMIT:
        message = (
            f"共 {counts['error']} 个错误、{counts['warning']} 个警告、{counts['notice']} 个提示；"
            f"GitHub 每个步骤只显示前 {ANNOTATION_LIMIT} 个错误和 {ANNOTATION_LIMIT} 个警告。"
            f"完整结果见{full_report or DEFAULT_FULL_REPORT}。"
        )
        lines.append(workflow_command("notice", message, title="还有问题未显示"))
    lines += [line for _, line in found]
    if baseline is not None and (baseline.known or baseline.fixed):
        lines.append(
            workflow_command(
                "notice",
                f"另有 {baseline.known} 个已记录在基线中的已知问题未标注；已修复 {len(baseline.fixed)} 个。",
                title=f"基线 {baseline.baseline_path}",
            )
        )
    checked = [d for d in report.documents if not d.error]
    if baseline is None:
        failing = sum(1 for d in checked if not d.passed)
    else:  # with a baseline, a document fails only on new findings
        failing = sum(1 for c in baseline.documents if not c.error and not c.passed)
    lines.append(
        f"compliance：检查 {len(report.documents)} 份报告，{failing} 份不符合要求，"
        f"{len(report.documents) - len(checked)} 份无法读取；"
        f"错误 {counts['error']}、警告 {counts['warning']}、提示 {counts['notice']}。"
    )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (and not read as HTML)."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def _document_section(doc: DocumentReport, known: tuple[Finding, ...]) -> list[str]:
    lines = [f"### {_cell(doc.path)}", ""]
    if doc.error:
        return [*lines, f"无法检查：{_cell(doc.error)}", ""]
    lines += [
        f"{_cell(doc.title or '（未识别到标题）')}：得分 {doc.score:g}/100（及格线 {doc.fail_under:g}），"
        f"**{verdict_label(doc)}**",
        "",
    ]
    ignored = [f for f in doc.findings if f.status == "ignored"]
    if ignored:  # suppressions stay visible, with their reasons
        lines += [
            "已按配置忽略："
            + "；".join(f"`{f.rule}`（{_cell(getattr(f, 'ignore_reason', None) or '')}）" for f in ignored),
            "",
        ]
    failures = ordered_failures(doc)
    if not failures:
        return [*lines, "没有发现问题。", ""]
    lines += ["| 严重程度 | 检查项 | 位置 | 问题 | 依据 |", "|---|---|---|---|---|"]
    for f in failures:
        label = SEVERITY_LABEL[f.severity] + ("（已知）" if f in known else "")
        where = position(f.paragraph, doc.format) if f.paragraph else "—"
        lines.append(
            f"| {label} | `{f.rule}` {_cell(f.name)} | {where} | {_cell(f.message)} | "
            f"{_cell(basis_line(f))} |"
        )
    return [*lines, ""]


def job_summary(report: Report, *, baseline: Comparison | None = None, limit: int = SUMMARY_LIMIT) -> str:
    """A Markdown job summary: a table of documents, then each document's findings; at most `limit` bytes."""
    checked = [d for d in report.documents if not d.error]
    head = [
        "## 法治政府建设年度报告检查结果",
        "",
        f"检查 {len(report.documents)} 份报告：{sum(1 for d in checked if d.passed)} 份符合要求，"
        f"{sum(1 for d in checked if not d.passed)} 份不符合要求，"
        f"{len(report.documents) - len(checked)} 份无法读取。"
        f"清单 `{report.checklist_id}` 版本 {report.checklist_version}。",
        "",
    ]
    if baseline is not None:
        head += [
            f"基线 `{_cell(baseline.baseline_path)}`：新问题 {baseline.new} 项，"
            f"已知问题 {baseline.known} 项，已修复 {len(baseline.fixed)} 项。",
            "",
        ]
    head += ["| 文件 | 结论 | 得分 | 错误 | 警告 | 提示 |", "|---|---|---|---|---|---|"]
    for doc in report.documents:
        by = Counter(f.severity for f in doc.failures)
        score = "—" if doc.error else f"{doc.score:g}"
        head.append(
            f"| {_cell(doc.path)} | {verdict_label(doc)} | {score} | {by['error']} | {by['warning']} | "
            f"{by['info']} |"
        )
    blocks = [[*head, ""]]
    for i, doc in enumerate(report.documents):
        known = baseline.documents[i].known if baseline else ()
        blocks.append(_document_section(doc, known))
    return _truncate(blocks, limit)


def _truncate(blocks: list[list[str]], limit: int) -> str:
    """Join blocks of lines; past `limit` bytes, stop at a whole line and say so."""
    note = (
        f"\n> 摘要超过 {limit // 1024} KiB 的上限（GitHub 任务摘要最多 1 MiB），以下内容已省略；"
        "完整结果请看 SARIF 或 JSON 输出。\n"
    )
    budget = limit - len(note.encode("utf-8"))
    out: list[str] = []
    size = 0
    for line in (line for block in blocks for line in block):
        cost = len(line.encode("utf-8")) + 1
        if size + cost > budget:
            return "\n".join(out) + "\n" + note
        out.append(line)
        size += cost
    return "\n".join(out) + "\n"
