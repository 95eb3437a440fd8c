"""Command-line interface: thin click glue over the public API (the only module importing click)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from compliance import api
from compliance.batch import run_batch
from compliance.checklist.docs import explain_text, rules_markdown, rules_terminal
from compliance.checklist.model import Checklist, load_checklist, validate_checklist
from compliance.checklist.profiles import PROFILES, profile_label
from compliance.checklist.schema import shipped_schema_text
from compliance.errors import ComplianceError
from compliance.formats import FORMATTERS, STAMPED, render
from compliance.formats.baselined import render_with_baseline
from compliance.formats.github import job_summary
from compliance.formats.terminal import progress_bar
from compliance.output import check_writable, write_text
from compliance.report.baseline import (
    BASELINE_FORMATS,
    DEFAULT_BASELINE,
    compare,
    load_baseline,
    write_baseline,
)
from compliance.settings.config import AUTO, Overrides, settings_for
from compliance.settings.suppress import ignored_text

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
CHECKLIST_HELP = "检查清单：文件路径或内置名称 government、department（默认按报告类型选择）"


class CommandError(click.ClickException):
    """A library error shown as one `Error:` line with exit code 2."""

    exit_code = EXIT_ERROR


checklist_option = click.option(
    "--checklist", "-c", "checklist_name", metavar="NAME|FILE", help=CHECKLIST_HELP
)
force_option = click.option("--force", is_flag=True, help="允许覆盖已存在的输出文件")


def settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--profile, --config and --isolated: how a file's settings are found (check, baseline)."""
    for option in reversed(
        (
            click.option(
                "--profile",
                "-p",
                type=click.Choice([*PROFILES, AUTO]),
                help="报告类型：government 政府、department 部门（默认按报告主体推断）",
            ),
            click.option(
                "--config",
                "config_file",
                type=click.Path(dir_okay=False),
                help="使用此配置文件（默认：从每个报告所在目录向上查找 .compliance.toml 或 pyproject.toml）",
            ),
            click.option("--isolated", is_flag=True, help="忽略所有配置文件"),
        )
    ):
        command = option(command)
    return command


def fail(err: ComplianceError) -> NoReturn:
    raise CommandError(str(err)) from err


def _checklist(name: str | None) -> Checklist:
    try:
        return load_checklist(name)
    except ComplianceError as err:
        fail(err)


def _generated(fmt: str) -> str:
    """The generation time for --timestamp (local time with its UTC offset)."""
    if fmt not in STAMPED:
        raise CommandError(f"--timestamp 只适用于 {', '.join(STAMPED)} 格式")
    from datetime import datetime

    return datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(api.tool_version(), prog_name="compliance")
def main() -> None:
    """检查法治政府建设年度报告是否具备规定的结构和内容。"""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@checklist_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(sorted(FORMATTERS)),
    default=None,
    help="输出格式（默认 terminal，或配置文件中的 format）",
)
@settings_options
@click.option("--show-ignored", is_flag=True, help="列出按配置忽略的检查项及原因")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件而不是标准输出")
@force_option
@click.option("--fail-under", type=click.FloatRange(0, 100), help="及格分数线（覆盖清单中的设置）")
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
) -> None:
    """检查一份或多份报告，或包含报告的文件夹、通配符（如 "报告/**/*.docx"）。

    \b
    支持 .docx、.txt、.md；
    装有 LibreOffice 时支持 .doc、.wps、.rtf、.odt；
    安装 compliance[pdf]、compliance[html] 后支持 PDF 和网页。

    退出码：0 符合要求；1 不符合要求；2 文件无法读取或用法错误。
    """
    overrides = Overrides(checklist_name, profile, fail_under, fmt, config_file, isolated)
    try:
        fmt = settings_for(Path.cwd(), overrides).format or "terminal"
        if output:
            check_writable(output, force=force)
        if summary:
            check_writable(summary, force=force)
        accepted = load_baseline(baseline_file) if baseline_file else None
        if accepted is not None and fmt not in BASELINE_FORMATS:  # say so before checking anything
            raise CommandError(f"--baseline 不支持“{fmt}”格式（支持：{'、'.join(BASELINE_FORMATS)}）")
        files = api.collect_paths(paths)
        if not files:
            raise CommandError(api.NO_REPORTS)
        api.check_settings(files, overrides)
        generated = _generated(fmt) if timestamp else None
        show_progress = not quiet and len(files) > 1 and sys.stderr.isatty()
        with progress_bar(len(files), enabled=show_progress) as advance:
            check_file = functools.partial(api.check_configured, overrides=overrides)
            reports = run_batch(files, check_file, jobs=jobs, on_done=lambda r: advance(r.path))
        report = api.make_report(None, reports)
        if len(reports) == 1 and reports[0].error:
            raise CommandError(f"{reports[0].path}: {reports[0].error}")
        comparison = compare(report, accepted, baseline_file or "") if accepted else None
        if comparison is not None and fmt != "terminal":
            text = render_with_baseline(report, fmt, comparison)  # rendered once, with the baseline
        elif fmt == "terminal" and not output:
            from compliance.formats.terminal import format_terminal

            text = format_terminal(report, width=None, color=None if sys.stdout.isatty() else False)
        else:
            text = render(report, fmt, generated=generated)
        if comparison is not None and fmt == "terminal":
            text = render_with_baseline(report, fmt, comparison, text)
        if summary:
            write_text(summary, job_summary(report, baseline=comparison), force=force)
        if show_ignored and fmt == "terminal":
            text += "\n" + ignored_text(report)
        elif show_ignored:
            click.echo(ignored_text(report), err=True, nl=False)
        if output:
            write_text(output, text, force=force)
        else:
            click.echo(text, nl=False)
    except ComplianceError as err:
        fail(err)
    sys.exit(comparison.exit_code if comparison else report.exit_code)


@main.group(invoke_without_command=True)
@checklist_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["terminal", "markdown"]),
    default="terminal",
    show_default=True,
)
@click.pass_context
def rules(ctx: click.Context, checklist_name: str | None, fmt: str) -> None:
    """列出检查清单中的全部检查项（rules validate 检查清单文件，rules schema 输出 JSON Schema）。"""
    if ctx.invoked_subcommand is None:
        ctx.invoke(rules_list, checklist_name=checklist_name, fmt=fmt)


@rules.command("list")
@checklist_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["terminal", "markdown"]),
    default="terminal",
    show_default=True,
)
def rules_list(checklist_name: str | None, fmt: str) -> None:
    """列出检查清单中的全部检查项（--format markdown 生成 docs/rules.md）。"""
    checklist = _checklist(checklist_name)
    click.echo(rules_markdown(checklist) if fmt == "markdown" else rules_terminal(checklist), nl=False)


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
def rules_validate(files: tuple[str, ...]) -> None:
    """检查清单文件（含 extends 继承的清单）：一次列出全部问题，FILE:LINE:COL: item X: …

    退出码：0 全部有效；2 有问题。
    """
    problems = 0
    for name in files:
        checklist, lines = validate_checklist(name)
        for line in lines:
            click.echo(line)
        problems += len(lines)
        if checklist is not None:
            size = len(checklist.items)
            click.echo(f"{name}: 有效（清单 {checklist.id} 版本 {checklist.version}，{size} 个检查项）")
    if problems:
        click.echo(f"共 {problems} 个问题", err=True)
        sys.exit(EXIT_ERROR)


@rules.command("schema")
def rules_schema() -> None:
    """输出检查清单格式的 JSON Schema（供编辑器校验 YAML）。"""
    click.echo(shipped_schema_text(), nl=False)


@main.command()
@click.argument("item_id")
@checklist_option
def explain(item_id: str, checklist_name: str | None) -> None:
    """说明一个检查项：查什么、为什么、依据和示例。"""
    checklist = _checklist(checklist_name)
    try:
        item = checklist.item(item_id)
    except KeyError:
        raise CommandError(
            f"检查清单 {checklist.path} 中没有检查项“{item_id}”（用 compliance rules 查看全部）"
        ) from None
    click.echo(explain_text(item), nl=False)


@main.command("annotate")
@click.argument("report_path", metavar="REPORT")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="批注后的副本（默认：与原文件同目录的 原文件名.compliance.docx）",
)
@checklist_option
@force_option
@click.option("--timestamp", is_flag=True, help="批注带上当前时间（默认不带，输出可重复）")
def annotate_command(
    report_path: str, output: str | None, checklist_name: str | None, force: bool, timestamp: bool
) -> None:
    """把每个问题作为 Word 批注写入报告的副本（原文件不会被修改）。

    退出码：0 符合要求；1 不符合要求；2 文件无法读取或用法错误。
    """
    from datetime import UTC, datetime

    from compliance.authoring.annotate import annotate
    from compliance.formats.labels import verdict_label

    checklist = _checklist(checklist_name)
    try:
        result = annotate(
            report_path,
            output,
            checklist=checklist,
            force=force,
            timestamp=datetime.now(UTC) if timestamp else None,
        )
    except ComplianceError as err:
        fail(err)
    doc = result.report
    if result.converted_from:
        click.echo(f"注意：原文件是{result.converted_from}，已用 LibreOffice 转换，批注副本保存为 .docx")
    click.echo(
        f"已写入 {result.output}：{len(result.comments)} 条批注（得分 {doc.score:g}，{verdict_label(doc)}）"
    )
    sys.exit(doc.exit_code)


@main.command("template")
@click.option("--year", type=int, required=True, help="报告年度，如 2024")
@click.option("--issuer", required=True, help="报告主体，如 某某区人民政府")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="输出文件（默认：docx 以标题为文件名存于当前目录；md 输出到屏幕）",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["docx", "md"]),
    help="docx 或 md（默认按 -o 的扩展名，否则 docx）",
)
@checklist_option
@click.option(
    "--profile", "-p", type=click.Choice(PROFILES), help="报告类型（默认按报告主体推断，与 check 相同）"
)
@force_option
def template_command(year: int, issuer: str, output: str | None, fmt: str | None, **choice: Any) -> None:
    """生成报告模板（公文格式）：标准标题、五项内容和任务领域的标题，填写说明在批注中，文末落款。"""
    from compliance.authoring import template as t

    force = choice.pop("force")
    try:
        checklist, reason = t.template_checklist(issuer, choice["checklist_name"], choice["profile"])
        if fmt == "md" and output is None:
            click.echo(t.template_markdown(t.build_template(checklist, year, issuer, reason)), nl=False)
            return
        path = t.write_template(year, issuer, output, fmt=fmt, checklist=checklist, force=force)
    except ComplianceError as err:
        fail(err)
    click.echo(f"已生成模板：{path}（{profile_label(checklist.profile)}，{reason}）")


@main.command("baseline")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="基线文件",
)
@checklist_option
@settings_options
@click.option("--force", is_flag=True, help="允许覆盖已存在的基线文件")
def baseline_command(
    paths: tuple[str, ...],
    output: str,
    checklist_name: str | None,
    profile: str | None,
    config_file: str | None,
    isolated: bool,
    force: bool,
) -> None:
    """记录当前的全部问题作为基线；之后 compliance check --baseline 只在出现新问题时不通过。

    报告的检查方式与 compliance check 相同（配置文件、检查清单、报告类型）。
    """
    overrides = Overrides(checklist=checklist_name, profile=profile, config=config_file, isolated=isolated)
    try:
        check_writable(output, force=force)
        files = api.collect_paths(paths)
        if not files:
            raise CommandError(api.NO_REPORTS)
        api.check_settings(files, overrides)
        reports = run_batch(files, functools.partial(api.check_configured, overrides=overrides))
        recorded = write_baseline(api.make_report(None, reports), output, force=force)
    except ComplianceError as err:
        fail(err)
    click.echo(f"已写入基线 {output}：{len(files)} 份报告，{len(recorded.entries)} 个问题")
