"""Describe a checklist for people: the rules list, one item's explanation, the Markdown rules page."""

from __future__ import annotations

from .checklist import Checklist, Item

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def rules_terminal(checklist: Checklist) -> str:
    """One line per item: id, severity, weight, title."""
    width = max(len(i.id) for i in checklist.items)
    lines = [
        f"{checklist.title}（{checklist.path}，版本 {checklist.version}，及格线 {checklist.fail_under:g}）"
    ]
    for item in checklist.items:
        lines.append(f"{item.id:<{width}}  {SEVERITY[item.severity]}  {item.weight:>4g}  {item.title}")
    return "\n".join(lines) + "\n"


def explain_text(item: Item) -> str:
    """What an item checks, why, on what basis, how to fix it, with its examples."""
    basis = item.basis
    lines = [
        f"{item.id}：{item.title}",
        f"严重程度：{SEVERITY[item.severity]}    权重：{item.weight:g}    检查方式：{item.kind}",
        "",
        f"为什么：{item.why}",
        f"依据：{basis.source}" + (f"，{basis.article}" if basis.article else ""),
    ]
    if basis.quote:
        lines.append(f"原文：{basis.quote}")
    lines.append(f"可信度：{basis.confidence}")
    if item.fix:
        lines += ["", f"怎么改：{item.fix}"]
    for label, examples in (("通过示例", item.examples_pass), ("不通过示例", item.examples_fail)):
        if examples:
            lines += ["", f"{label}："]
            for example in examples:
                lines += ["  " + line for line in example.splitlines()] + ["  ---"]
            lines.pop()
    return "\n".join(lines) + "\n"


def rules_markdown(checklist: Checklist) -> str:
    """The rules page: one section per item (docs/rules.md is generated from this)."""
    out = [
        f"# 检查项说明：{checklist.title}",
        "",
        f"清单 `{checklist.id}` 版本 {checklist.version}，及格线 {checklist.fail_under:g} 分。"
        "本页由 `compliance rules --format markdown` 生成，请勿手工编辑。",
        "",
    ]
    out += ["| 编号 | 严重程度 | 权重 | 检查项 |", "|---|---|---|---|"]
    out += [
        f"| [`{i.id}`](#{i.id}) | {SEVERITY[i.severity]} | {i.weight:g} | {i.title} |"
        for i in checklist.items
    ]
    for item in checklist.items:
        basis = item.basis
        out += [
            "",
            f"## {item.id}",
            "",
            f"**{item.title}**（{SEVERITY[item.severity]}，权重 {item.weight:g}，检查方式 `{item.kind}`）",
            "",
            f"为什么：{item.why}",
            "",
            f"依据：{basis.source}"
            + (f"，{basis.article}" if basis.article else "")
            + f"（可信度：{basis.confidence}）",
        ]
        if basis.quote:
            out += ["", f"> {basis.quote}"]
        if item.fix:
            out += ["", f"怎么改：{item.fix}"]
        for label, examples in (
            ("通过示例", item.examples_pass),
            ("不通过示例", item.examples_fail),
        ):
            for example in examples:
                out += ["", f"{label}：", "", "```text", example.rstrip("\n"), "```"]
    return "\n".join(out) + "\n"
