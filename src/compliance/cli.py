"""Command-line interface: thin click glue over the public API (the only module importing click)."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from . import api
from .checklist import Checklist, load_checklist
from .docs import explain_text, rules_markdown, rules_terminal
from .errors import ComplianceError
from .formats import FORMATTERS, render
from .output import check_writable, write_text

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
CHECKLIST_HELP = "检查清单：文件路径或内置名称（默认 government）"


class CommandError(click.ClickException):
    """A library error shown as one `Error:` line with exit code 2."""

    exit_code = EXIT_ERROR


def fail(err: ComplianceError) -> NoReturn:
    raise CommandError(str(err)) from err


def _checklist(name: str | None) -> Checklist:
    try:
        return load_checklist(name)
    except ComplianceError as err:
        fail(err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(api.tool_version(), prog_name="compliance")
def main() -> None:
    """检查法治政府建设年度报告是否具备规定的结构和内容。"""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--checklist", "-c", "checklist_name", metavar="NAME|FILE", help=CHECKLIST_HELP)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(sorted(FORMATTERS)),
    default="terminal",
    show_default=True,
    help="输出格式",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件而不是标准输出")
@click.option("--force", is_flag=True, help="允许覆盖已存在的输出文件")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="及格分数线（覆盖清单中的设置）")
def check(
    paths: tuple[str, ...],
    checklist_name: str | None,
    fmt: str,
    output: str | None,
    force: bool,
    fail_under: float | None,
) -> None:
    """检查一份或多份报告（.docx、.txt、.md，或包含它们的文件夹）。

    退出码：0 符合要求；1 不符合要求；2 文件无法读取或用法错误。
    """
    checklist = _checklist(checklist_name)
    try:
        if output:
            check_writable(output, force=force)
        files = api.collect_paths(paths)
        if not files:
            raise CommandError("没有找到可检查的报告文件（.docx、.txt、.md）")
        reports = [api.check_document(p, checklist, fail_under=fail_under) for p in files]
        report = api.make_report(checklist, reports)
        if len(reports) == 1 and reports[0].error:
            raise CommandError(f"{reports[0].path}: {reports[0].error}")
        if fmt == "terminal" and not output:
            from .formats.terminal import format_terminal

            text = format_terminal(report, width=None, color=None if sys.stdout.isatty() else False)
        else:
            text = render(report, fmt)
        if output:
            write_text(output, text, force=force)
        else:
            click.echo(text, nl=False)
    except ComplianceError as err:
        fail(err)
    sys.exit(report.exit_code)


@main.command()
@click.option("--checklist", "-c", "checklist_name", metavar="NAME|FILE", help=CHECKLIST_HELP)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["terminal", "markdown"]),
    default="terminal",
    show_default=True,
)
def rules(checklist_name: str | None, fmt: str) -> None:
    """列出检查清单中的全部检查项。"""
    checklist = _checklist(checklist_name)
    click.echo(rules_markdown(checklist) if fmt == "markdown" else rules_terminal(checklist), nl=False)


@main.command()
@click.argument("item_id")
@click.option("--checklist", "-c", "checklist_name", metavar="NAME|FILE", help=CHECKLIST_HELP)
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
