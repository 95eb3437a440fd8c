"""Terminal output: a readable Chinese verdict per document, rendered with rich (the only rich importer)."""

from __future__ import annotations

import io
import os

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..report import DocumentReport, Report
from .labels import SEVERITY_LABEL, basis_line, ordered_failures, section_line, verdict_label

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_STYLE = {"heading": "green", "content": "yellow", "missing": "red"}
_STATUS_MARK = {"heading": "✓", "content": "~", "missing": "✗"}


def make_console(file: io.TextIOBase | None = None, *, width: int | None = None,
                 color: bool | None = None) -> Console:
    """A console honouring NO_COLOR; `color=None` means colour only on a terminal."""
    no_color = bool(os.environ.get("NO_COLOR")) or color is False
    return Console(file=file, width=width, no_color=no_color, highlight=False, soft_wrap=False,
                   force_terminal=True if color else None, emoji=False)


def _header(console: Console, doc: DocumentReport) -> None:
    console.print(Text(doc.title or "（未识别到标题）", style="bold"))
    facts = [f"文件：{doc.path}"]
    if doc.issuer:
        facts.append(f"主体：{doc.issuer}")
    facts.append(f"年度：{doc.report_year or '未识别'}")
    if doc.profile:
        facts.append(f"清单：{doc.profile}")
    console.print("  ".join(facts))
    errors = sum(1 for f in doc.failures if f.severity == "error")
    style = "bold green" if doc.passed else "bold red"
    verdict = Text(f"得分 {doc.score:g}/100（及格线 {doc.fail_under:g}）  结论：")
    verdict.append(verdict_label(doc), style=style)
    if errors:
        verdict.append(f"（{errors} 项错误）", style=style)
    console.print(verdict)


def _sections(console: Console, doc: DocumentReport, role: str, caption: str) -> None:
    console.print(Text(caption, style="bold"))
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    names = {f.rule: f.name for f in doc.findings}
    passed = {f.rule: f.passed for f in doc.findings}
    for section in doc.sections:
        if section.role != role:
            continue
        mark = Text(_STATUS_MARK[section.status], style=_STATUS_STYLE[section.status])
        if section.status == "missing" and passed.get(section.id, False):
            mark = Text("○", style="dim")  # optional and absent: not a defect
        table.add_row(mark, names.get(section.id, section.id), Text(section_line(section), style="dim"))
    console.print(table)


def _findings(console: Console, doc: DocumentReport) -> None:
    failures = ordered_failures(doc)
    if not failures:
        console.print(Text("没有发现问题。", style="green"))
        return
    console.print(Text(f"发现的问题（{len(failures)}）", style="bold"))
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for finding in failures:
        head = Text(f"[{finding.rule}] ", style="bold")
        head.append(finding.message)
        lines: list[Text] = [head]
        if finding.paragraph or finding.evidence:
            where = f"第{finding.paragraph}段" if finding.paragraph else ""
            quote = f"「{finding.evidence}」" if finding.evidence else ""
            lines.append(Text(f"位置：{where}{quote}", style="dim"))
        lines.append(Text(f"依据：{basis_line(finding)}", style="dim"))
        if finding.fix:
            lines.append(Text(f"建议：{finding.fix}"))
        label = Text(SEVERITY_LABEL[finding.severity], style=_SEVERITY_STYLE[finding.severity])
        table.add_row(label, Group(*lines))
    console.print(table)


def render_document(console: Console, doc: DocumentReport) -> None:
    if doc.error:
        console.print(Text(f"✗ {doc.path}：{doc.error}", style="bold red"))
        return
    _header(console, doc)
    console.print()
    _sections(console, doc, "part", "五项内容")
    console.print()
    _sections(console, doc, "area", "任务领域（成效部分）")
    console.print()
    _findings(console, doc)


def format_terminal(report: Report, *, width: int | None = 100, color: bool | None = False) -> str:
    """The report as terminal text; with `color=False` (default) no escape codes."""
    buffer = io.StringIO()
    console = make_console(buffer, width=width, color=color)
    for i, doc in enumerate(report.documents):
        if i:
            console.rule()
        render_document(console, doc)
    return buffer.getvalue()
