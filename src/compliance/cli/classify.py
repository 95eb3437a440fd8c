"""`compliance classify`: show which part or task area one heading is classified as, and why."""

from __future__ import annotations

import click

from compliance.cli.common import PROFILE_NAMES, checklist_option, load_checklist_or_fail


@click.command("classify")
@click.argument("heading")
@click.option("--body", default="", help="标题下的正文（前几百字参与判断）")
@click.option("--year", type=int, help="报告年度（决定依据哪一版纲要）")
@checklist_option
@click.option("--profile", "-p", type=click.Choice(PROFILE_NAMES), help="报告类型（选用对应的内置清单）")
@click.option("--format", "-f", "fmt", type=click.Choice(["terminal", "json"]), default="terminal")
def classify_command(
    heading: str, body: str, year: int | None, checklist_name: str | None, profile: str | None, fmt: str
) -> None:
    """显示一个标题归入哪个部分或任务领域、各项得分和依据的词语。"""
    import json

    from compliance.classify.explain import classify_one

    checklist = load_checklist_or_fail(checklist_name or profile)
    found = classify_one(checklist.section_specs, checklist.vocabulary, heading, body, year)
    if fmt == "json":
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return
    from compliance.formats.terminal import format_classification

    click.echo(format_classification(found, checklist.names), nl=False)
