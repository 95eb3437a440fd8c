"""`compliance rules` (list, validate, schema) and `compliance explain`: the checklist's own commands."""

from __future__ import annotations

import sys

import click

from compliance.cli.common import EXIT_ERROR, CommandError, checklist_option, load_checklist_or_fail

FORMAT_OPTION = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["terminal", "markdown"]),
    default="terminal",
    show_default=True,
)


@click.group(invoke_without_command=True)
@checklist_option
@FORMAT_OPTION
@click.pass_context
def rules(ctx: click.Context, checklist_name: str | None, fmt: str) -> None:
    """列出检查清单中的全部检查项（rules validate 检查清单文件，rules schema 输出 JSON Schema）。"""
    if ctx.invoked_subcommand is None:
        ctx.invoke(rules_list, checklist_name=checklist_name, fmt=fmt)


@rules.command("list")
@checklist_option
@FORMAT_OPTION
def rules_list(checklist_name: str | None, fmt: str) -> None:
    """列出检查清单中的全部检查项（--format markdown 生成 docs/rules.md）。"""
    from compliance.checklist.docs import rules_markdown, rules_terminal

    checklist = load_checklist_or_fail(checklist_name)
    click.echo(rules_markdown(checklist) if fmt == "markdown" else rules_terminal(checklist), nl=False)


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
def rules_validate(files: tuple[str, ...]) -> None:
    """检查清单文件（含 extends 继承的清单）：一次列出全部问题，FILE:LINE:COL: item X: …

    退出码：0 全部有效；2 有问题。
    """
    from compliance.checklist.model import validate_checklist

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
    from compliance.checklist.schema import shipped_schema_text

    click.echo(shipped_schema_text(), nl=False)


SUGGESTIONS = 3  # ids suggested for an unknown one: enough for the near spellings, still one line
# difflib's ratio below which an id is not "close": 0.6 (difflib's default) keeps a missing or extra
# word (shortcoming → shortcoming-reasons) and drops unrelated ids.
SUGGESTION_CUTOFF = 0.6


def closest_ids(item_id: str, ids: tuple[str, ...]) -> list[str]:
    """The checklist ids closest to a mistyped one: those that contain it, then the most similar."""
    typed = item_id.strip().lower()
    containing = [i for i in ids if typed and typed in i]
    import difflib

    similar = difflib.get_close_matches(typed, ids, n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
    ranked = sorted(containing, key=lambda i: (len(i), i)) + similar
    return list(dict.fromkeys(ranked))[:SUGGESTIONS]


@click.command()
@click.argument("item_id")
@checklist_option
def explain(item_id: str, checklist_name: str | None) -> None:
    """说明一个检查项：查什么、为什么、依据和示例。"""
    from compliance.checklist.docs import explain_text

    checklist = load_checklist_or_fail(checklist_name)
    try:
        item = checklist.item(item_id)
    except KeyError:
        close = closest_ids(item_id, tuple(i.id for i in checklist.items))
        hint = f"；是否想查：{'、'.join(close)}" if close else ""
        raise CommandError(
            f"检查清单 {checklist.path} 中没有检查项“{item_id}”{hint}（用 compliance rules 查看全部）"
        ) from None
    click.echo(explain_text(item), nl=False)
