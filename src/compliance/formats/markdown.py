"""Markdown gap report: what a reviewer hands on, per document, plus a summary matrix for a batch."""

from __future__ import annotations

import re
from collections.abc import Sequence

from compliance.checklist.profiles import LABELS, checklist_label
from compliance.formats import summary as S
from compliance.formats.labels import SEVERITY_LABEL, ordered_failures, verdict_label
from compliance.formats.trace import trace_markdown
from compliance.report.model import DocumentReport, Finding, Report
from compliance.text import position

# What Markdown would misread inside a line, and only that, so the source reads as written
# (16:18:26, report_2023.docx): a backslash before punctuation or at the end, code, emphasis
# (an underscore only where it can open or close emphasis: not between two word characters),
# links and images, HTML and autolinks, table cells, strikethrough, entity references, and
# the scheme or www. of a bare URL (GFM autolinks). Document text is never put at the start of
# a line, so the block markers (#, -, +, 1., >) need no escaping.
_SPECIAL = re.compile(
    r"\\(?=[!-/:-@\[-`{-~]|\Z)|[`*\[\]<|~]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)"
    r"|(?<=[A-Za-z]):(?=//)|(?<=\bwww)\."
)


def escape(text: str) -> str:
    """Document text made literal in Markdown: no markup, no HTML, no links, one line; characters
    Markdown reads literally anyway are left as they are."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(), " ".join(text.split()))


def _quote(text: str | None) -> str:
    return f"「{escape(text)}」" if text else ""


def _table(header: list[str], body: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in body]
    return lines


def _sections(doc: DocumentReport, role: str, level: int) -> list[str]:
    body = [
        [
            escape(line.name),
            f"{S.STATE_MARK[line.state]} {S.STATE_LABEL[line.state]}",
            line.where,
            line.similarity,
        ]
        for line in S.section_lines(doc, role, _quote)
    ]
    if not body:
        return []
    head = "#" * level + " " + S.ROLE_CAPTION[role]
    return [head, "", *_table(["项目", "状态", "对应标题或原文", "相似度"], body), ""]


def _finding(number: int, finding: Finding, level: int, fmt: str | None) -> list[str]:
    severity = SEVERITY_LABEL.get(finding.severity, finding.severity)
    lines = [
        f"{'#' * level} {number}. 【{severity}】{escape(finding.name or finding.title)}（`{finding.rule}`）",
        "",
        f"- 问题：{escape(finding.message)}",
    ]
    if finding.paragraph or finding.evidence:
        where = position(finding.paragraph, fmt) if finding.paragraph else ""
        lines.append(f"- 位置：{where}{_quote(finding.evidence)}")
    basis = finding.basis
    article = f" {escape(basis.article)}" if basis.article else ""
    confidence = S.CONFIDENCE_LABEL.get(basis.confidence, basis.confidence)
    lines.append(f"- 依据（{confidence}）：{escape(basis.source)}{article}")
    if basis.quote:
        lines.append(f"- 规定原文：“{escape(basis.quote)}”")
    if finding.fix:
        lines.append(f"- 修改建议：{escape(finding.fix)}")
    return [*lines, ""]


def _facts(doc: DocumentReport, report: Report, generated: str | None) -> list[str]:
    counts = S.severity_counts(doc)
    verdict = (
        f"**{verdict_label(doc)}**（错误 {counts['error']} 项，警告 {counts['warning']} 项，"
        f"提示 {counts['info']} 项）"
    )
    body = [
        ["文件", escape(doc.path)],
        ["报告主体", escape(doc.issuer) if doc.issuer else "未识别"],
        ["报告年度", str(doc.report_year) if doc.report_year else "未识别"],
        ["得分", f"{doc.score:g} / 100（及格线 {doc.fail_under:g}）"],
        ["结论", verdict],
        [
            "检查清单",
            f"{escape(checklist_label(report.checklist_id))} {escape(report.checklist_version)}"
            f"（compliance {escape(report.tool_version)}）",
        ],
    ]
    if doc.profile:
        body.insert(3, ["报告类型", escape(LABELS.get(doc.profile, doc.profile))])
    if generated:
        body.append(["生成时间", escape(generated)])
    return [*_table(["项目", "内容"], body), ""]


def document_markdown(
    doc: DocumentReport, report: Report, *, level: int = 1, generated: str | None = None
) -> list[str]:
    """The gap report of one document, its top heading at `level`."""
    title = escape(doc.title) if doc.title else "（未识别到标题）"
    lines = [f"{'#' * level} 差距报告：{title}", ""]
    if doc.error:
        return [*lines, f"**无法检查**：{escape(doc.path)}：{escape(doc.error)}", ""]
    lines += _facts(doc, report, generated)
    lines += _sections(doc, "part", level + 1)
    lines += _sections(doc, "area", level + 1)
    near = [(s, S.near_miss(s)) for s in doc.sections]
    names = S.section_names(doc)
    misses = [
        f"- {escape(names.get(s.id, s.id))}：最接近的标题：{position(c[2], doc.format)}"
        f"{_quote(c[0])}，{c[1]:.0f}%"
        for s, c in near
        if c and S.state(doc, s) == S.MISSING
    ]
    if misses:
        lines += [f"{'#' * (level + 1)} 未识别的部分（最接近的标题）", "", *misses, ""]
    lines += trace_markdown(doc, level + 1, escape)
    failures = ordered_failures(doc)
    lines += [f"{'#' * (level + 1)} 问题清单（{len(failures)}）", ""]
    if not failures:
        lines += ["没有发现问题。", ""]
    for number, finding in enumerate(failures, start=1):
        lines += _finding(number, finding, level + 2, doc.format)
    ok = "、".join(escape(f.name or f.title) for f in S.passed(doc))
    lines += [f"{'#' * (level + 1)} 已通过的检查项（{len(S.passed(doc))}）", "", ok or "无", ""]
    skipped = S.skipped(doc)
    if skipped:
        lines += ["不适用（未计分）：" + "、".join(escape(f.name or f.title) for f in skipped), ""]
    return lines


def matrix_markdown(report: Report) -> list[str]:
    """The summary matrix: documents × (parts, areas, score, verdict), then a legend."""
    cols = S.columns(report)
    header = ["#", "文件", *[escape(c.name) for c in cols], "得分", "结论", "缺失"]
    body = []
    folder, names = S.short_paths(report)
    for number, (row, name) in enumerate(zip(S.rows(report, cols), names, strict=True), start=1):
        doc = row.document
        missing, _weak = S.gaps(row, cols)
        note = f"无法读取：{escape(doc.error)}" if doc.error else escape(S.shorten(missing))
        score = "—" if doc.error else f"{doc.score:g}"
        body.append(
            [
                str(number),
                escape(name),
                *[S.STATE_MARK[c] for c in row.cells],
                score,
                verdict_label(doc),
                note,
            ]
        )
    legend = "图例：" + "；".join(
        f"{S.STATE_MARK[k]} {S.STATE_LABEL[k]}" for k in (S.FOUND, S.WEAK, S.MISSING, S.OPTIONAL)
    )
    where = [f"文件夹：{escape(folder)}", ""] if folder else []
    return [*where, *_table(header, body), "", legend, ""]


def document_part(doc: DocumentReport, header: Report) -> str:
    """One document's share of a batch gap report: a rule, then its gap report one level down;
    `header` (a Report without documents, S.header_only) names the checklist and the tool."""
    return "\n".join(["---", "", *document_markdown(doc, header, level=2)])


def join_markdown(report: Report, parts: Sequence[str], *, generated: str | None = None) -> str:
    """A batch's gap report: the counts, the matrix and the coverage, then the documents' parts
    (document_part, in the report's order)."""
    total, ok, bad, unreadable = S.batch_counts(report)
    lines = [
        "# 法治政府建设年度报告批量检查汇总",
        "",
        f"共 {total} 份：符合要求 {ok} 份，不符合要求 {bad} 份，无法检查 {unreadable} 份。",
        "",
    ]
    if generated:
        lines += [f"生成时间：{escape(generated)}", ""]
    lines += ["## 汇总表", "", *matrix_markdown(report)]
    covered = S.coverage(report, S.columns(report))
    if covered:
        lines += [
            "## 各任务领域覆盖情况",
            "",
            *_table(
                ["任务领域", "有标题", "仅正文提及", "缺失"],
                [
                    [escape(c.column.name), str(c.found), str(c.weak), str(c.total - c.found - c.weak)]
                    for c in covered
                ],
            ),
            "",
        ]
    text = "\n".join(lines)
    if parts:
        text += "\n" + "\n".join(parts)
    return text.rstrip() + "\n"


def format_markdown(report: Report, *, generated: str | None = None) -> str:
    """One document: its gap report. Several: the summary matrix, then each document's gap report."""
    docs = report.documents
    if len(docs) == 1:
        return "\n".join(document_markdown(docs[0], report, generated=generated)).rstrip() + "\n"
    header = S.header_only(report)
    return join_markdown(report, [document_part(doc, header) for doc in docs], generated=generated)
