"""`compliance check`: check reports, folders or globs and print (or write) the result in a format."""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from compliance.cli.common import (
    CommandError,
    checklist_option,
    errors_as_lines,
    fail_under_option,
    force_option,
    overrides,
    paused_collector,
    resume_collector,
    settings_options,
)
from compliance.formats import FORMAT_NAMES, STAMPED_NAMES

if TYPE_CHECKING:
    from compliance.formats.parts import Part
    from compliance.report.baseline import Comparison
    from compliance.report.model import Report


def generated_time(fmt: str) -> str:
    """The generation time for --timestamp (local time with its UTC offset)."""
    if fmt not in STAMPED_NAMES:
        raise CommandError(f"--timestamp 只适用于 {', '.join(STAMPED_NAMES)} 格式")
    from datetime import datetime

    return datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")


def rendered(
    report: Report,
    fmt: str,
    comparison: Comparison | None,
    *,
    to_file: bool,
    generated: str | None,
    parts: Sequence[Part | None] | None = None,
) -> str:
    """The report's text in `fmt`: with the baseline's verdicts when given; the terminal format
    fitted to the terminal (and coloured) only when printed to one."""
    from compliance.formats import render

    if comparison is not None and fmt != "terminal":
        from compliance.formats.baselined import render_with_baseline

        return render_with_baseline(report, fmt, comparison)  # rendered once, with the baseline
    if fmt == "terminal" and not to_file:
        from compliance.formats.terminal import format_terminal

        text = format_terminal(report, width=None, color=None if sys.stdout.isatty() else False)
    else:
        text = render(report, fmt, generated=generated, parts=parts)
    if comparison is not None:
        from compliance.formats.baselined import render_with_baseline

        text = render_with_baseline(report, fmt, comparison, text)
    return text


def earlier(
    files: Sequence[str], previous: str | None, history: str | None
) -> tuple[str | None, dict[tuple[str, int], str] | None]:
    """check_file's `previous` and `history` arguments: last year's report (one report checked) or
    the (issuer, year) index of the `history` folder."""
    if previous and history:
        raise CommandError("--previous 和 --history 只能用其中一个")
    if previous:
        if len(files) != 1:
            raise CommandError("--previous 只能用于检查一份报告；批量检查请用 --history 指定往年报告的文件夹")
        if not Path(previous).is_file():
            raise CommandError(f"{previous}: 上一年度报告不存在")
        return previous, None
    if history:
        from compliance.pipeline.check import history_index
        from compliance.pipeline.paths import collect_paths

        if not Path(history).is_dir():
            raise CommandError(f"{history}: 往年报告文件夹不存在")
        return None, history_index(collect_paths([history]))
    return None, None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@checklist_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(sorted(FORMAT_NAMES)),
    default=None,
    help="输出格式（默认 terminal，或配置文件中的 format）",
)
@settings_options
@click.option("--show-ignored", is_flag=True, help="列出按配置忽略的检查项及原因")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件而不是标准输出")
@force_option
@fail_under_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="并行检查的进程数（默认：CPU 核数）")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条")
@click.option("--timestamp", is_flag=True, help="在报告中写入生成时间（markdown、html）")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="基线文件（compliance baseline 生成）：只有基线中没有的问题才算不通过",
)
@click.option(
    "--summary", type=click.Path(dir_okay=False), help="另写一份 Markdown 摘要（GitHub 任务摘要，最多 1 MiB）"
)
@click.option(
    "--previous",
    type=click.Path(dir_okay=False),
    help="上一年度的报告：逐项核对其下一年度安排在本报告中的落实情况（只检查一份报告时使用）",
)
@click.option(
    "--history",
    type=click.Path(file_okay=False),
    help="往年报告所在的文件夹：每份报告按报告主体和年度配对上一年度的报告并核对落实情况",
)
@paused_collector  # start-up, and a single report: see paused_collector
def check(
    paths: tuple[str, ...],
    checklist_name: str | None,
    fmt: str | None,
    profile: str | None,
    config_file: str | None,
    isolated: bool,
    show_ignored: bool,
    output: str | None,
    force: bool,
    fail_under: float | None,
    jobs: int | None,
    quiet: bool,
    timestamp: bool,
    baseline_file: str | None,
    summary: str | None,
    previous: str | None,
    history: str | None,
) -> None:
    """检查一份或多份报告，或包含报告的文件夹、通配符（如 "报告/**/*.docx"）。

    \b
    支持 .docx、.txt、.md；
    装有 LibreOffice 时支持 .doc、.wps、.rtf、.odt；
    安装 compliance[pdf]、compliance[html] 后支持 PDF 和网页。

    退出码：0 符合要求；1 不符合要求；2 文件无法读取或用法错误。
    """
    from compliance.batch import check_batch
    from compliance.output import check_writable, refuse_inputs, write_text
    from compliance.pipeline.check import check_file, check_settings
    from compliance.pipeline.paths import NO_REPORTS, collect_paths
    from compliance.pipeline.results import make_report
    from compliance.settings.config import configurations_remembered, settings_for

    settings = overrides(checklist_name, profile, config_file, isolated, fail_under=fail_under, format=fmt)
    with errors_as_lines(), configurations_remembered():
        fmt = settings_for(Path.cwd(), settings).format or "terminal"
        written = [name for name in (output, summary) if name]
        for name in written:
            check_writable(name, force=force)
        accepted = None
        if baseline_file:
            from compliance.report.baseline import BASELINE_FORMATS, compare, load_baseline

            accepted = load_baseline(baseline_file)
            if fmt not in BASELINE_FORMATS:  # say so before checking anything
                raise CommandError(f"--baseline 不支持“{fmt}”格式（支持：{'、'.join(BASELINE_FORMATS)}）")
        files = collect_paths(paths)
        if not files:
            raise CommandError(NO_REPORTS)
        if len(files) > 1:
            from compliance.batch.memory import keep_freed_memory

            resume_collector()
            keep_freed_memory(len(files))  # before the workers are forked: they inherit it
        for name in written:
            refuse_inputs(name, [*files, *([baseline_file] if baseline_file else [])])
        check_settings(files, settings)
        generated = generated_time(fmt) if timestamp else None
        show_progress = not quiet and len(files) > 1 and sys.stderr.isatty()
        last, known = earlier(files, previous, history)
        check_one = functools.partial(check_file, overrides=settings, previous=last, history=known)
        # Workers render their documents' parts of the output too; this process joins them.
        part_format = None if accepted else fmt
        if show_progress:
            from compliance.formats.terminal import progress_bar

            with progress_bar(len(files)) as progress:
                batch = check_batch(files, check_one, jobs=jobs, progress=progress, part_format=part_format)
        else:
            batch = check_batch(files, check_one, jobs=jobs, part_format=part_format)
        reports = batch.documents
        report = make_report(None, reports)
        if len(reports) == 1 and reports[0].error:
            raise CommandError(f"{reports[0].path}: {reports[0].error}")
        comparison = compare(report, accepted, baseline_file or "") if accepted else None
        text = rendered(report, fmt, comparison, to_file=bool(output), generated=generated, parts=batch.parts)
        if summary:
            from compliance.formats.github import job_summary

            write_text(summary, job_summary(report, baseline=comparison), force=force, inputs=files)
        if show_ignored:
            from compliance.settings.suppress import ignored_text

            if fmt == "terminal":
                text += "\n" + ignored_text(report)
            else:
                click.echo(ignored_text(report), err=True, nl=False)
        if output:
            write_text(output, text, force=force, inputs=files)
        else:
            # JSON escapes every control character, so there is no colour code to strip (a regular
            # expression over megabytes for a large batch).
            click.echo(text, nl=False, color=True if fmt == "json" else None)
    sys.exit(comparison.exit_code if comparison else report.exit_code)
