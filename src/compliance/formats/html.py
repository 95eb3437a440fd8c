"""HTML gap report: one self-contained page (inline CSS and SVG, no scripts) that prints on A4."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape as _escape

from compliance.checklist.profiles import LABELS, checklist_label
from compliance.formats import summary as S
from compliance.formats.labels import SEVERITY_LABEL, ordered_failures, verdict_label
from compliance.formats.trace import trace_html
from compliance.report.model import DocumentReport, Finding, Report
from compliance.text import position

# Where a file name may wrap: after a folder or word separator, a closing bracket or the dot of the
# extension, and before an opening bracket, so that a narrow column breaks it between words.
_NAME_BREAKS = re.compile(r"(?<=[/\\_\-.）)])(?![）)])|(?<![/\\_\-.（(])(?=[（(])")
# A missing area's bar: a sliver at the start of the empty track, so the reader sees the row
# was drawn (and is red) though it covers nothing.
MISSING_STUB = 0.01
# An area only mentioned in the text is half covered: enough to tell it from a missing one,
# visibly short of an area with its own heading.
WEAK_COVERAGE = 0.5

CSS = """
@page { size: A4; margin: 15mm 14mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 182mm; padding: 10mm 0; color: #1f2328; line-height: 1.55;
  font: 10.5pt/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  sans-serif; }
h1 { font-size: 16pt; margin: 0 0 6pt; } h2 { font-size: 12.5pt; margin: 14pt 0 5pt;
  padding-bottom: 2pt; border-bottom: 1px solid #d0d7de; } h3 { font-size: 11pt; margin: 9pt 0 3pt; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0 8pt; }
th, td { border: 1px solid #d0d7de; padding: 2.5pt 5pt; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; } thead { display: table-header-group; }
tr, .finding, figure { break-inside: avoid; }
.facts th { width: 7em; } .num { text-align: right; white-space: nowrap; }
.state, td.verdict { white-space: nowrap; }
.verdict { font-weight: 700; } .verdict.pass { color: #1a7f37; } .verdict.fail { color: #c62828; }
.found { color: #1a7f37; } .weak { color: #9a5b00; } .missing { color: #c62828; }
.optional, .unknown, .muted { color: #5f6368; }
.sev { display: inline-block; padding: 0 5pt; border-radius: 3pt; color: #fff; font-size: 9pt; }
.sev-error { background: #c62828; } .sev-warning { background: #9a5b00; }
.sev-info { background: #0969da; }
.finding { margin: 0 0 8pt; padding: 4pt 8pt; border-left: 3pt solid #d0d7de; }
.finding.error { border-color: #c62828; } .finding.warning { border-color: #9a5b00; }
.finding p { margin: 1pt 0; } .label { color: #5f6368; }
code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 9pt; color: #5f6368; }
figure { margin: 4pt 0 8pt; } figcaption { font-size: 9pt; color: #5f6368; }
svg text { font-size: 11px; fill: #1f2328; } svg .bar-found { fill: #2da44e; }
svg .bar-weak { fill: #d4a72c; } svg .bar-missing { fill: #e5534b; } svg .track { fill: #eaeef2; }
.matrix td.mark { text-align: center; padding: 2pt 0; }
.matrix th.v { writing-mode: vertical-rl; text-align: left; padding: 4pt 1pt; font-size: 9pt; }
.matrix { font-size: 9pt; } .path { overflow-wrap: break-word; word-break: normal; }
.matrix td.path { min-width: 9em; } .matrix td.note { min-width: 9em; }
.legend { font-size: 9pt; color: #5f6368; }
.summary + .doc, .doc + .doc { break-before: page; margin-top: 14pt; }
@media screen and (min-width: 1100px) { body { max-width: 250mm; } }
@media print { body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def esc(text: object) -> str:
    """Text (document text included) made inert in HTML content and attribute values."""
    return _escape(str(text), quote=True)


def file_name(path: str) -> str:
    """A file name that wraps at sensible points (<wbr> after separators), the whole in a tooltip."""
    pieces = _NAME_BREAKS.split(path)
    return f'<span class="path" title="{esc(path)}">' + "<wbr>".join(esc(p) for p in pieces) + "</span>"


def _quote(text: str | None) -> str:
    return f"「{esc(text)}」" if text else ""


def _state(status: str) -> str:
    return f'<span class="state {status}">{S.STATE_MARK[status]} {S.STATE_LABEL[status]}</span>'


def _sections(doc: DocumentReport, role: str) -> str:
    rows = [
        f'<tr class="section" data-id="{esc(line.section.id)}"><td>{esc(line.name)}'
        f"</td><td>{_state(line.state)}</td><td>{line.where}</td>"
        f'<td class="num">{line.similarity}</td></tr>'
        for line in S.section_lines(doc, role, _quote)
    ]
    if not rows:
        return ""
    return (
        f'<h2>{S.ROLE_CAPTION[role]}</h2>\n<table class="sections {role}s"><thead><tr><th>项目</th>'
        f"<th>状态</th><th>对应标题或原文</th><th>相似度</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>\n"
    )


def _chart(bars: list[tuple[str, list[tuple[float, str]], str]], caption: str) -> str:
    """A horizontal bar chart: per row a name, coloured segments (fractions of 1) and a value label."""
    left, width, step = 170, 300, 22
    height = step * len(bars) + 6
    parts = [
        f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="640" height="{height}" viewBox="0 0 640 {height}" aria-label="{esc(caption)}">'
        f"<title>{esc(caption)}</title>"
    ]
    for i, (name, segments, value) in enumerate(bars):
        y = 4 + i * step
        parts.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{esc(name)}</text>'
            f'<rect class="track" x="{left}" y="{y + 2}" width="{width}" height="14"/>'
        )
        x = float(left)
        for fraction, cls in segments:
            w = round(width * max(0.0, min(fraction, 1.0)), 1)
            parts.append(f'<rect class="bar-{cls}" x="{x:g}" y="{y + 2}" width="{w:g}" height="14"/>')
            x += w
        parts.append(f'<text x="{left + width + 8}" y="{y + 13}">{esc(value)}</text>')
    parts.append(f"</svg><figcaption>{esc(caption)}</figcaption></figure>\n")
    return "".join(parts)


def _area_chart(doc: DocumentReport) -> str:
    """Per task area of one document: how strongly it was recognised."""
    names = S.section_names(doc)
    bars: list[tuple[str, list[tuple[float, str]], str]] = []
    for section in doc.sections:
        if section.role != "area":
            continue
        status = S.state(doc, section)
        name = names.get(section.id, section.id)
        if status == S.FOUND:
            sim = f"（相似度 {section.similarity:.0f}%）" if section.similarity else ""
            bars.append((name, [(1.0, "found")], f"有标题{sim}"))
        elif status == S.WEAK:
            bars.append((name, [(WEAK_COVERAGE, "weak")], "仅正文提及"))
        else:
            bars.append((name, [(MISSING_STUB, "missing")], "缺失"))
    if not bars:
        return ""
    return "<h2>任务领域覆盖图</h2>\n" + _chart(
        bars,
        "各任务领域覆盖情况：绿色满格为有对应标题，黄色半格为仅在正文提及，空格为缺失",
    )


def _finding(number: int, finding: Finding, fmt: str | None) -> str:
    severity = finding.severity
    basis = finding.basis
    article = f" {esc(basis.article)}" if basis.article else ""
    confidence = S.CONFIDENCE_LABEL.get(basis.confidence, basis.confidence)
    lines = [
        f'<div class="finding {esc(severity)}" data-rule="{esc(finding.rule)}">',
        f'<h3>{number}. <span class="sev sev-{esc(severity)}">{SEVERITY_LABEL.get(severity, esc(severity))}'
        f"</span> {esc(finding.name or finding.title)} <code>{esc(finding.rule)}</code></h3>",
        f'<p><span class="label">问题：</span>{esc(finding.message)}</p>',
    ]
    if finding.paragraph or finding.evidence:
        where = position(finding.paragraph, fmt) if finding.paragraph else ""
        lines.append(
            f'<p class="where"><span class="label">位置：</span>{where}{_quote(finding.evidence)}</p>'
        )
    lines.append(
        f'<p class="basis"><span class="label">依据（{esc(confidence)}）：</span>'
        f"{esc(basis.source)}{article}</p>"
    )
    if basis.quote:
        lines.append(f'<p class="quote"><span class="label">规定原文：</span>“{esc(basis.quote)}”</p>')
    if finding.fix:
        lines.append(f'<p class="fix"><span class="label">修改建议：</span>{esc(finding.fix)}</p>')
    return "\n".join(lines) + "\n</div>\n"


def _facts(doc: DocumentReport, report: Report, generated: str | None) -> str:
    counts = S.severity_counts(doc)
    cls = "pass" if doc.passed else "fail"
    rows = [
        ("文件", file_name(doc.path)),
        ("报告主体", esc(doc.issuer) if doc.issuer else "未识别"),
        ("报告年度", str(doc.report_year) if doc.report_year else "未识别"),
    ]
    if doc.profile:
        rows.append(("报告类型", esc(LABELS.get(doc.profile, doc.profile))))
    rows += [
        ("得分", f'<span class="score">{doc.score:g}</span> / 100（及格线 {doc.fail_under:g}）'),
        (
            "结论",
            f'<span class="verdict {cls}">{verdict_label(doc)}</span>（错误 {counts["error"]} 项，'
            f"警告 {counts['warning']} 项，提示 {counts['info']} 项）",
        ),
        (
            "检查清单",
            f"{esc(checklist_label(report.checklist_id))} {esc(report.checklist_version)}"
            f"（compliance {esc(report.tool_version)}）",
        ),
    ]
    if generated:
        rows.append(("生成时间", esc(generated)))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="facts"><tbody>{body}</tbody></table>\n'


def document_html(doc: DocumentReport, report: Report, *, generated: str | None = None) -> str:
    """The gap report of one document as an HTML <section>."""
    title = esc(doc.title) if doc.title else "（未识别到标题）"
    out = [f'<section class="doc"><h1>差距报告：{title}</h1>\n']
    if doc.error:
        out.append(f'<p class="error missing">无法检查：{esc(doc.path)}：{esc(doc.error)}</p></section>\n')
        return "".join(out)
    out += [_facts(doc, report, generated), _sections(doc, "part"), _sections(doc, "area"), _area_chart(doc)]
    names = S.section_names(doc)
    misses = [
        f"<li>{esc(names.get(s.id, s.id))}：最接近的标题：{position(c[2], doc.format)}"
        f"{_quote(c[0])}，{c[1]:.0f}%</li>"
        for s in doc.sections
        if (c := S.near_miss(s)) and S.state(doc, s) == S.MISSING
    ]
    if misses:
        out.append(
            '<h2>未识别的部分（最接近的标题）</h2>\n<ul class="near-misses">' + "".join(misses) + "</ul>\n"
        )
    out.append(trace_html(doc))
    failures = ordered_failures(doc)
    out.append(f'<h2>问题清单（{len(failures)}）</h2>\n<div class="findings">\n')
    out += [_finding(n, f, doc.format) for n, f in enumerate(failures, start=1)] or [
        "<p>没有发现问题。</p>\n"
    ]
    out.append("</div>\n")
    ok = "、".join(esc(f.name or f.title) for f in S.passed(doc)) or "无"
    out.append(f'<h2>已通过的检查项（{len(S.passed(doc))}）</h2>\n<p class="passed">{ok}</p>\n')
    if S.skipped(doc):
        out.append(
            '<p class="muted">不适用（未计分）：'
            + "、".join(esc(f.name or f.title) for f in S.skipped(doc))
            + "</p>\n"
        )
    out.append("</section>\n")
    return "".join(out)


def matrix_html(report: Report) -> str:
    """The summary matrix as a table: documents × (parts, areas, score, verdict)."""
    cols = S.columns(report)
    head = "".join(f'<th class="v {c.role}">{esc(c.name)}</th>' for c in cols)
    rows = []
    folder, names = S.short_paths(report)
    for number, (row, name) in enumerate(zip(S.rows(report, cols), names, strict=True), start=1):
        doc = row.document
        cells = "".join(
            f'<td class="mark {s}" title="{esc(c.name)}：{S.STATE_LABEL[s]}">{S.STATE_MARK[s]}</td>'
            for c, s in zip(cols, row.cells, strict=True)
        )
        note = f"无法读取：{esc(doc.error)}" if doc.error else esc(S.main_problem(doc))
        score = "—" if doc.error else f"{doc.score:g}"
        cls = "unknown" if doc.error else "pass" if doc.passed else "fail"
        rows.append(
            f'<tr class="doc-row {cls}"><td class="num">{number}</td>'
            f'<td class="path">{file_name(name)}</td>{cells}'
            f'<td class="num">{score}</td><td class="verdict {cls}">{verdict_label(doc)}</td>'
            f'<td class="note">{note}</td></tr>'
        )
    legend = "；".join(
        f'<span class="{k}">{S.STATE_MARK[k]}</span> {S.STATE_LABEL[k]}'
        for k in (S.FOUND, S.WEAK, S.MISSING, S.OPTIONAL)
    )
    where = f'<p class="folder muted">文件夹：{esc(folder)}</p>\n' if folder else ""
    return (
        where + f'<table class="matrix"><thead><tr><th>#</th><th>文件</th>{head}<th>得分</th><th>结论</th>'
        f"<th>主要问题</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + f'\n</tbody></table>\n<p class="legend">图例：{legend}</p>\n'
    )


def _batch(report: Report, generated: str | None) -> str:
    total, ok, bad, unreadable = S.batch_counts(report)
    out = [
        '<section class="summary"><h1>法治政府建设年度报告批量检查汇总</h1>\n',
        f'<p class="counts">共 {total} 份：符合要求 {ok} 份，不符合要求 {bad} 份，'
        f"无法检查 {unreadable} 份。</p>\n",
    ]
    if generated:
        out.append(f'<p class="generated muted">生成时间：{esc(generated)}</p>\n')
    out += ["<h2>汇总表</h2>\n", matrix_html(report)]
    covered = S.coverage(report, S.columns(report))
    if covered:
        bars = [
            (
                c.column.name,
                [
                    (c.found / c.total if c.total else 0, "found"),
                    (c.weak / c.total if c.total else 0, "weak"),
                ],
                f"{c.found + c.weak}/{c.total}",
            )
            for c in covered
        ]
        out += [
            "<h2>各任务领域覆盖情况</h2>\n",
            _chart(bars, "覆盖各任务领域的报告份数：绿色为有对应标题，黄色为仅在正文提及"),
        ]
    out.append("</section>\n")
    return "".join(out)


def document_part(doc: DocumentReport, header: Report) -> str:
    """One document's share of a batch page; `header` (a Report without documents,
    S.header_only) names the checklist and the tool."""
    return document_html(doc, header)


def join_html(report: Report, parts: Sequence[str], *, generated: str | None = None) -> str:
    """A batch's page: the summary, then the documents' parts (document_part, in order)."""
    return _page("法治政府建设年度报告批量检查汇总", _batch(report, generated) + "".join(parts))


def format_html(report: Report, *, generated: str | None = None) -> str:
    """One document: its gap report. Several: the summary matrix, then each document's gap report."""
    docs = report.documents
    if len(docs) == 1:
        title = f"差距报告：{docs[0].title or docs[0].path}"
        return _page(title, document_html(docs[0], report, generated=generated))
    header = S.header_only(report)
    return join_html(report, [document_part(doc, header) for doc in docs], generated=generated)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Defence in depth: even a mistake in escaping could not run a script or fetch a file.
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
