"""Describe a checklist for people: the rules list, one item's explanation, the Markdown rules page."""

from __future__ import annotations

from collections.abc import Sequence

from compliance.checklist.model import Checklist, Item, load_checklist, shipped_checklists

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
# How sure a basis is, said for a Chinese reader (the levels of shared/reference/regulations.md).
CONFIDENCE_TEXT = {
    "VERIFIED-QUOTE": "已核对原文：所引措辞见于引用该规定原文的来源",
    "VERIFIED-SECONDARY": "据权威转述核对：内容见于官方或权威来源的转述，措辞可能与原文不同",
    "UNVERIFIED": "未核实：尚未对照原文核对，仅供参考",
    "HEURISTIC": "经验规则：不是规定的要求，而是评估和审核中的常见做法",
}


def confidence_text(confidence: str) -> str:
    """The confidence level explained in Chinese, with its code."""
    return f"{CONFIDENCE_TEXT.get(confidence, confidence)}（{confidence}）"


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
    lines.append(f"可信度：{confidence_text(basis.confidence)}")
    if not basis.article:
        lines.append("条号：未标注（没有经原文核对的条号）")
    if item.fix:
        lines += ["", f"怎么改：{item.fix}"]
    for label, examples in (("通过示例", item.examples_pass), ("不通过示例", item.examples_fail)):
        if examples:
            lines += ["", f"{label}："]
            for example in examples:
                lines += ["  " + line for line in example.splitlines()] + ["  ---"]
            lines.pop()
    return "\n".join(lines) + "\n"


def shipped_variants(checklist: Checklist) -> list[Checklist]:
    """The shipped checklists that extend `checklist` (for the department profile's differences)."""
    found = []
    for name in shipped_checklists():
        other = load_checklist(name)
        if checklist.id in other.extends and other.id != checklist.id:
            found.append(other)
    return found


def _variant_lines(item: Item, variants: Sequence[Checklist]) -> list[str]:
    lines = []
    for variant in variants:
        label = f"{variant.title}（`{variant.id}`）"
        try:
            other = variant.item(item.id)
        except KeyError:
            lines.append(f"- {label}：不检查此项。")
            continue
        if other == item:
            continue
        changes = []
        if (other.severity, other.weight) != (item.severity, item.weight):
            changes.append(f"{SEVERITY[other.severity]}，权重 {other.weight:g}")
        if other.title != item.title:
            changes.append(f"检查项为“{other.title}”")
        if other.why != item.why:
            changes.append(f"因为：{other.why.rstrip('。')}")
        if other.fix != item.fix:
            changes.append(f"怎么改：{other.fix.rstrip('。')}")
        lines.append(f"- {label}：" + ("；".join(changes) or "识别用语或示例不同") + "。")
    return ["", "其他内置清单：", "", *lines] if lines else []


def rules_markdown(checklist: Checklist, variants: Sequence[Checklist] | None = None) -> str:
    """The rules page: one section per item (docs/rules.md is generated from this).

    `variants` (default: the shipped checklists that extend this one) are noted under each item they
    change, and their own items are listed at the end.
    """
    variants = shipped_variants(checklist) if variants is None else variants
    out = [
        f"# 检查项说明：{checklist.title}",
        "",
        f"清单 `{checklist.id}` 版本 {checklist.version}，及格线 {checklist.fail_under:g} 分。"
        "本页由 `compliance rules --format markdown` 生成，请勿手工编辑。",
    ]
    for variant in variants:
        out += [
            "",
            f"{variant.title}使用清单 `{variant.id}`（在本清单基础上修改，见各项下的“其他内置清单”）；"
            f"检查时按报告主体自动选择，或用 `--profile {variant.profile}` 指定。",
        ]
    out += ["", "| 编号 | 严重程度 | 权重 | 检查项 |", "|---|---|---|---|"]
    out += [
        f"| [`{i.id}`](#{i.id}) | {SEVERITY[i.severity]} | {i.weight:g} | {i.title} |"
        for i in checklist.items
    ]
    for item in checklist.items:
        out += _item_markdown(item)
        out += _variant_lines(item, variants)
    own = [i for v in variants for i in v.items if i.id not in checklist.titles]
    for item in own:
        out += _item_markdown(item)
    return "\n".join(out) + "\n"


def _item_markdown(item: Item) -> list[str]:
    basis = item.basis
    out = [
        "",
        f"## {item.id}",
        "",
        f"**{item.title}**（{SEVERITY[item.severity]}，权重 {item.weight:g}，检查方式 `{item.kind}`）",
        "",
        f"为什么：{item.why}",
        "",
        f"依据：{basis.source}"
        + (f"，{basis.article}" if basis.article else "")
        + f"（可信度：{confidence_text(basis.confidence)}）",
    ]
    if basis.quote:
        out += ["", f"> {basis.quote}"]
    if item.fix:
        out += ["", f"怎么改：{item.fix}"]
    for label, examples in (("通过示例", item.examples_pass), ("不通过示例", item.examples_fail)):
        for example in examples:
            out += ["", f"{label}：", "", "```text", example.rstrip("\n"), "```"]
    return out
