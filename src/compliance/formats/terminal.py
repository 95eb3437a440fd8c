"""Terminal output: a readable Chinese verdict per document, rendered with rich (the only rich importer)."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO

from rich.console import Console, Group
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from compliance.checklist.profiles import profile_label
from compliance.classify.explain import HeadingClassification
from compliance.formats import summary as S
from compliance.formats.labels import SEVERITY_LABEL, basis_line, ordered_failures, verdict_label
from compliance.report.model import DocumentReport, Report
from compliance.text import position

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def make_console(
    file: IO[str] | None = None, *, width: int | None = None, color: bool | None = None
) -> Console:
    """A console honouring NO_COLOR; `color=None` means colour only on a terminal."""
    no_color = bool(os.environ.get("NO_COLOR")) or color is False
    return Console(
        file=file,
        width=width,
        no_color=no_color,
        highlight=False,
        soft_wrap=False,
        force_terminal=True if color else None,
        emoji=False,
    )


def _header(console: Console, doc: DocumentReport) -> None:
    console.print(Text(doc.title or "（未识别到标题）", style="bold"))
    facts = [f"文件：{doc.path}"]
    if doc.issuer:
        facts.append(f"主体：{doc.issuer}")
    facts.append(f"年度：{doc.report_year or '未识别'}")
    console.print("  ".join(facts))
    if doc.profile:
        why = f"，{doc.profile_reason}" if doc.profile_reason else ""
        console.print(f"类型：{profile_label(doc.profile)}{why}")
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
    for line in S.section_lines(doc, role, lambda text: f"「{text}」" if text else ""):
        mark = Text(S.STATE_MARK[line.state], style=_STATE_STYLE[line.state])
        table.add_row(mark, line.name, Text(line.where, style="dim"))
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
            where = position(finding.paragraph, doc.format) if finding.paragraph else ""
            quote = f"「{finding.evidence}」" if finding.evidence else ""
            lines.append(Text(f"位置：{where}{quote}", style="dim"))
        lines.append(Text(f"依据：{basis_line(finding)}", style="dim"))
        if finding.fix:
            lines.append(Text(f"建议：{finding.fix}"))
        label = Text(SEVERITY_LABEL[finding.severity], style=_SEVERITY_STYLE[finding.severity])
        table.add_row(label, Group(*lines))
    console.print(table)


def _ignored(console: Console, doc: DocumentReport) -> None:
    ignored = [f.rule for f in doc.findings if f.status == "ignored"]
    if ignored:
        text = f"按配置忽略 {len(ignored)} 项：{'、'.join(ignored)}（原因见 --show-ignored）"
        console.print(Text(text, style="dim"))


def _profiles(console: Console, report: Report) -> None:
    """Under the matrix: which documents were checked as something other than a government report."""
    others = [d for d in report.documents if d.profile and d.profile != "government"]
    for doc in others:
        why = f"，{doc.profile_reason}" if doc.profile_reason else ""
        console.print(Text(f"{doc.path}：按{profile_label(doc.profile)}检查{why}", style="dim"))


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
    _trace(console, doc)
    _findings(console, doc)
    _ignored(console, doc)


def _trace(console: Console, doc: DocumentReport) -> None:
    """Last year's plan → this year's evidence (only when a previous report was given)."""
    from compliance.formats.trace import CAPTION, repeated_lines, trace_heading, trace_rows

    rows = trace_rows(doc)
    if not rows:
        return
    console.print(Text(CAPTION, style="bold"))
    console.print(Text(trace_heading(doc), style="dim"))
    table = Table(show_edge=False, header_style="bold")
    table.add_column("上一年度安排", overflow="fold", ratio=1)
    table.add_column("落实情况", no_wrap=True)
    table.add_column("本年度报告中的依据", overflow="fold", ratio=1)
    for row in rows:
        style = "green" if row.status == "reported" else "red"
        table.add_row(row.measure, Text(row.label, style=style), row.evidence or "—")
    console.print(table)
    for line in repeated_lines(doc):
        console.print(Text(line, style="yellow"))
    console.print()


_STATE_STYLE = {S.FOUND: "green", S.WEAK: "yellow", S.MISSING: "red", S.OPTIONAL: "dim", S.UNKNOWN: "dim"}


def render_matrix(console: Console, report: Report) -> None:
    """The batch summary: one row per document with its parts, areas, score and verdict."""
    cols = S.columns(report)
    total, ok, bad, unreadable = S.batch_counts(report)
    console.print(
        Text(f"共 {total} 份：符合要求 {ok} 份，不符合要求 {bad} 份，无法检查 {unreadable} 份", style="bold")
    )
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for caption in ("文件", "五项内容", "任务领域", "得分", "结论", "缺失或仅正文提及"):
        table.add_column(caption, overflow="fold", no_wrap=caption in ("五项内容", "得分", "结论"))
    folder, names = S.short_paths(report)
    if folder:
        console.print(Text(f"文件夹：{folder}", style="dim"))
    for row, name in zip(S.rows(report, cols), names, strict=True):
        doc = row.document
        if doc.error:
            table.add_row(name, "", "", "—", Text("无法检查", style="bold red"), Text(doc.error, style="red"))
            continue
        marks = Text()
        for col, state in zip(cols, row.cells, strict=True):
            if col.role == "part":
                marks.append(S.STATE_MARK[state], style=_STATE_STYLE[state])
        missing, weak = (S.shorten(names) for names in S.gaps(row, cols))
        gaps = Text(missing, style="red")
        if weak:
            gaps.append(("；" if missing else "") + f"仅正文：{weak}", style="yellow")
        verdict = Text(verdict_label(doc), style="green" if doc.passed else "red")
        table.add_row(name, marks, S.tally(row, cols, "area"), f"{doc.score:g}", verdict, gaps)
    console.print(table)
    _problem_list(console, report, names)
    parts = "、".join(c.name for c in cols if c.role == "part")
    legend = "；".join(
        f"{S.STATE_MARK[k]} {S.STATE_LABEL[k]}" for k in (S.FOUND, S.WEAK, S.MISSING, S.OPTIONAL)
    )
    console.print(Text(f"五项内容依次为：{parts}。{legend}", style="dim"))
    console.print(
        Text("逐份的差距报告：--format html 或 --format markdown（加 -o 文件名写入文件）", style="dim")
    )


def _problem_list(console: Console, report: Report, names: Sequence[str]) -> None:
    """Under the matrix: each failed error or warning, one line per problem, per document."""
    lines = Table.grid(padding=(0, 1))
    lines.add_column(no_wrap=True)
    lines.add_column(no_wrap=True)
    lines.add_column(overflow="fold")
    for doc, name in zip(report.documents, names, strict=True):
        for finding in ordered_failures(doc):
            if finding.severity == "info":
                continue
            where = position(finding.paragraph, doc.format) if finding.paragraph else ""
            where = f"（{where}）" if finding.paragraph and where not in finding.message else ""
            label = Text(SEVERITY_LABEL[finding.severity], style=_SEVERITY_STYLE[finding.severity])
            lines.add_row(name, label, Text(f"[{finding.rule}]{finding.message}{where}"))
    if lines.row_count:
        console.print(Text("错误和警告", style="bold"))
        console.print(lines)


def format_terminal(report: Report, *, width: int | None = 100, color: bool | None = False) -> str:
    """The report as terminal text; with `color=False` (default) no escape codes.

    One document: its full result. Several: the summary matrix (details via markdown or html).
    """
    buffer = io.StringIO()
    console = make_console(buffer, width=width, color=color)
    if len(report.documents) > 1:
        render_matrix(console, report)
        _profiles(console, report)
        return buffer.getvalue()
    for doc in report.documents:
        render_document(console, doc)
    return buffer.getvalue()


# The bar is redrawn at most this often (seconds): often enough to look live, rarely enough that
# drawing costs nothing next to checking (hundreds of files a second finish in a large batch).
REDRAW_SECONDS = 0.1
# At most this many names of the files being checked are shown; the others are counted.
NAMES_SHOWN = 3


class ProgressBar:
    """A batch's progress on a terminal: bar, count, elapsed time and the files being checked
    (batch.BatchProgress); calling it with a path is `finished(path)`. Without a Progress it is
    silent."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress, self._task = progress, task
        self._running: dict[str, None] = {}  # the files in flight, in the order they started
        self._drawn = 0.0

    def started(self, path: str) -> None:
        self._running[path] = None
        self._update(0)

    def finished(self, path: str) -> None:
        self._running.pop(path, None)
        self._update(1)

    __call__ = finished

    def refresh(self) -> None:
        self._update(0, force=True)

    def _update(self, advance: int, *, force: bool = False) -> None:
        if self._progress is None or self._task is None:
            return
        names = [os.path.basename(path) or path for path in self._running]
        current = "、".join(names[:NAMES_SHOWN])
        if len(names) > NAMES_SHOWN:
            current += f" 等 {len(names)} 份"
        self._progress.update(self._task, advance=advance, current=current)
        now = time.monotonic()
        if force or now - self._drawn >= REDRAW_SECONDS:
            self._drawn = now
            self._progress.refresh()


@contextmanager
def progress_bar(
    total: int, *, enabled: bool = True, file: IO[str] | None = None, color: bool | None = None
) -> Iterator[ProgressBar]:
    """A progress bar on stderr (or `file`) for a batch, silent when disabled. It draws only when
    told (no drawing thread), so that worker processes can be forked while it is shown."""
    if not enabled:
        yield ProgressBar()
        return
    console = make_console(file or sys.stderr, color=color)
    columns = (
        TextColumn("检查报告"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
    )
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        yield ProgressBar(progress, progress.add_task("check", total=total, current=""))


def format_classification(found: HeadingClassification, names: Mapping[str, str], *, width: int = 100) -> str:
    """The classification of one heading as a table: each section's score, name similarity and
    the vocabulary terms the heading holds (Chinese labels, best first)."""
    buffer = io.StringIO()
    console = make_console(buffer, width=width, color=False)
    decided = (
        names.get(found.section, found.section) if found.section else "未归类（没有明显领先的部分或领域）"
    )
    console.print(f"标题：{found.heading}")
    if found.body:
        console.print(f"正文：{found.body[:60]}{'…' if len(found.body) > 60 else ''}")
    programme = f"（依据 {found.programme}）" if found.programme else ""
    console.print(f"年度：{found.year or '未指定'}{programme}")
    runner = names.get(found.runner_up or "", found.runner_up or "无")
    margin = "—" if found.margin is None else f"{found.margin:.1f}"
    console.print(f"结果：{decided}；次高：{runner}；领先：{margin} 分")
    table = Table("部分/领域", "编号", "得分", "名称相似度", "命中词语")
    for row in found.rows:
        if row.score <= 0 and row.name_similarity <= 0:
            continue
        table.add_row(
            names.get(row.id, row.id),
            row.id,
            f"{row.score:.1f}",
            f"{row.name_similarity:.0f}",
            "、".join(row.terms) or "—",
        )
    console.print(table)
    return buffer.getvalue()
