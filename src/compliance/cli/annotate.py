"""`compliance annotate` and `compliance template`: the commands that write Word documents."""

from __future__ import annotations

import sys

import click

from compliance.cli.common import (
    PROFILE_NAMES,
    checklist_option,
    errors_as_lines,
    fail_under_option,
    force_option,
    overrides,
    settings_options,
)


@click.command("annotate")
@click.argument("report_path", metavar="REPORT")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="批注后的副本（默认：与原文件同目录的 原文件名.compliance.docx）",
)
@checklist_option
@settings_options
@fail_under_option
@force_option
@click.option("--timestamp", is_flag=True, help="批注带上当前时间（默认不带，输出可重复）")
def annotate_command(
    report_path: str,
    output: str | None,
    checklist_name: str | None,
    profile: str | None,
    config_file: str | None,
    isolated: bool,
    fail_under: float | None,
    force: bool,
    timestamp: bool,
) -> None:
    """把每个问题作为 Word 批注写入报告的副本（原文件不会被修改）。

    报告的检查方式与 compliance check 相同（配置文件、检查清单、报告类型），批注的正是 check 报告的问题。

    退出码：0 符合要求；1 不符合要求；2 文件无法读取或用法错误。
    """
    from datetime import UTC, datetime

    from compliance.authoring.annotate import annotate
    from compliance.checklist.profiles import profile_label
    from compliance.formats.labels import verdict_label

    settings = overrides(checklist_name, profile, config_file, isolated, fail_under=fail_under)
    with errors_as_lines():
        result = annotate(
            report_path,
            output,
            settings=settings,
            force=force,
            timestamp=datetime.now(UTC) if timestamp else None,
        )
    doc = result.report
    if result.converted_from:
        click.echo(f"注意：原文件是{result.converted_from}，已用 LibreOffice 转换，批注副本保存为 .docx")
    checked_as = profile_label(doc.profile)
    click.echo(
        f"已写入 {result.output}：{len(result.comments)} 条批注"
        f"（{checked_as}，得分 {doc.score:g}，{verdict_label(doc)}）"
    )
    sys.exit(doc.exit_code)


@click.command("template")
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
    "--profile",
    "-p",
    type=click.Choice(PROFILE_NAMES),
    help="报告类型（默认按报告主体推断，与 check 相同）",
)
@force_option
def template_command(
    year: int,
    issuer: str,
    output: str | None,
    fmt: str | None,
    checklist_name: str | None,
    profile: str | None,
    force: bool,
) -> None:
    """生成报告模板（公文格式）：标准标题、五项内容和任务领域的标题，填写说明在批注中，文末落款。"""
    from compliance.authoring import template as t
    from compliance.checklist.profiles import profile_label

    with errors_as_lines():
        checklist, reason = t.template_checklist(issuer, checklist_name, profile)
        if fmt == "md" and output is None:
            click.echo(t.template_markdown(t.build_template(checklist, year, issuer, reason)), nl=False)
            return
        path = t.write_template(year, issuer, output, fmt=fmt, checklist=checklist, force=force)
    click.echo(f"已生成模板：{path}（{profile_label(checklist.profile)}，{reason}）")
