"""Report template: the skeleton of a report (title, parts, task areas, notes, 落款) from a checklist.

Pure logic and the Markdown rendering live here; the .docx rendering is docx_writer's job. The
headings are each section item's `heading:` (the wording a report uses, punctuation included;
validated to be one of its titles, so `compliance check` recognises every heading of the untouched
template), else its first title; task areas follow the 纲要's chapters (`heading.chapter`). The
checklist is the issuer's profile (a department issuer gets the department checklist) unless one
is given.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from compliance.authoring.skeleton import Template, TemplateLine
from compliance.checklist.model import Checklist, Item, load_checklist
from compliance.checklist.profiles import Inference, issuer_profile
from compliance.errors import UsageError
from compliance.evaluate.checks import Section
from compliance.output import check_writable, write_atomic, write_text

TEMPLATE_FORMATS = ("docx", "md")
ACHIEVEMENTS = "achievements"  # the slot of the part the task areas belong under
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_ISSUER = 40
INTRO = (
    "标题下先用一段话概述本年度法治政府建设的总体情况，再在各标题下逐项填写；"
    "序号依次用“一、”“（一）”“1.”“（1）”。"
)
SIGNATURE_NOTE = "落款：发文机关署名和成文日期（报送时填写日期并加盖印章）。"
MD_NOTE = "> （填写说明：{}报送前删除本说明。）"  # text-level in Markdown: the placeholders item finds it
LATE_CHAPTER = 99  # areas without a 纲要 chapter come after those with one, in checklist order
_CN_NUMERALS = "一二三四五六七八九十"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def report_title(issuer: str, year: int) -> str:
    """The title in the standard form: "某某区人民政府关于2024年法治政府建设情况的报告"."""
    return f"{issuer}关于{year}年法治政府建设情况的报告"


def cn_numeral(number: int) -> str:
    """一 … 九十九 for heading numbers."""
    if not 1 <= number <= 99:
        raise ValueError(number)
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _CN_NUMERALS[tens - 1] + "十"
    return head + ("" if units == 0 else _CN_NUMERALS[units - 1])


def heading_text(item: Item, year: int) -> str:
    """The item's heading as written (`heading:`, else its first title), years filled in:
    上一年度 → 2024年, 下一年度 → 2025年."""
    titles = item.check.titles if isinstance(item.check, Section) else ()
    title = item.heading or (titles[0] if titles else item.name)
    return title.replace("上一年度", f"{year}年").replace("下一年度", f"{year + 1}年")


def guidance_text(item: Item) -> str:
    """The 填写说明 of a heading: why the item is required, and its basis."""
    return f"{item.why}（依据：{item.basis.source}）"


def signature_date(year: int) -> str:
    """The 成文日期 of the report on `year`: the next year, month and day left for the drafter."""
    return f"{year + 1}年\u3000\u3000月\u3000\u3000日"


def template_profile(issuer: str, profile: str | None) -> Inference:
    """The profile of the template: the one asked for, else the one `check` infers from the issuer."""
    if profile is not None:
        return Inference(profile, "由 --profile 指定")
    return issuer_profile(issuer) or Inference(
        "government", f"报告主体“{issuer.strip()}”未能归类，按政府报告"
    )


def _validate(year: int, issuer: str) -> str:
    issuer = issuer.strip()
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(f"年度 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间")
    if not issuer:
        raise UsageError("请用 --issuer 写明报告主体，如“某某区人民政府”")
    if len(issuer) > MAX_ISSUER or any(ch in issuer for ch in "\r\n\t"):
        raise UsageError(f"报告主体“{issuer[:MAX_ISSUER]}”不像一个机关名称（应为一行，不超过{MAX_ISSUER}字）")
    return issuer


def build_template(checklist: Checklist, year: int, issuer: str, reason: str = "") -> Template:
    """The skeleton for `issuer`'s report on `year`: the checklist's parts in order, the task areas
    under the achievements part in the order of the 纲要's chapters, then the 落款."""
    issuer = _validate(year, issuer)
    sections = [(i, i.check.role) for i in checklist.items if isinstance(i.check, Section)]
    parts = [item for item, role in sections if role == "part"]
    areas = [item for item, role in sections if role == "area"]
    areas.sort(key=lambda a: a.chapter or LATE_CHAPTER)  # stable: checklist order within a chapter
    if not parts:
        raise UsageError(f"检查清单 {checklist.path} 中没有“部分”（role: part），无法生成模板")
    if len(parts) > 99 or len(areas) > 99:
        raise UsageError(f"检查清单 {checklist.path} 中的部分或任务领域过多，无法编号")
    holder = next((p.id for p in parts if getattr(p.check, "slot", "") == ACHIEVEMENTS), parts[0].id)
    lines = [TemplateLine("title", report_title(issuer, year), note=INTRO), TemplateLine("body", "")]
    for number, part in enumerate(parts, start=1):
        text = f"{cn_numeral(number)}、{heading_text(part, year)}"
        lines.append(TemplateLine("heading", text, 1, part.id, guidance_text(part)))
        if part.id != holder:
            lines.append(TemplateLine("body", ""))
            continue
        for sub, area in enumerate(areas, start=1):
            text = f"（{cn_numeral(sub)}）{heading_text(area, year)}"
            lines.append(TemplateLine("heading", text, 2, area.id, guidance_text(area)))
            lines.append(TemplateLine("body", ""))
    lines.append(TemplateLine("signature", issuer, note=SIGNATURE_NOTE))
    lines.append(TemplateLine("date", signature_date(year)))
    return Template(year, issuer, tuple(lines), checklist.profile, reason)


def template_markdown(template: Template) -> str:
    """The skeleton as Markdown: `#` title, `##` parts, `###` areas, each note as a quoted
    「（填写说明：…报送前删除本说明。）」 (Markdown has no comments a drafter would see), the 落款 last."""
    out: list[str] = []
    for line in template.lines:
        if line.kind == "body":
            continue
        if line.kind == "title":
            out.append(f"# {line.text}")
        elif line.kind == "heading":
            out.append(f"{'#' * (line.level + 1)} {line.text}")
        else:
            out.append(line.text)
        if line.note and line.kind != "signature":
            out += ["", MD_NOTE.format(line.note)]
        out.append("")
    return "\n".join(out)


def default_template_path(template: Template, fmt: str) -> str:
    """The file name a template is saved under when no output is given: its title."""
    return _UNSAFE_NAME.sub("_", template.title) + f".{fmt}"


def template_format(output: str | None, fmt: str | None) -> str:
    """The format asked for, else the output's suffix (.md → md), else docx."""
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = "md" if suffix in (".md", ".markdown") else "docx"
    if fmt not in TEMPLATE_FORMATS:
        raise UsageError(f"未知的模板格式“{fmt}”（可选：{', '.join(TEMPLATE_FORMATS)}）")
    return fmt


def render_template(template: Template, fmt: str = "docx") -> bytes:
    """The template file's bytes in `fmt` ("docx" or "md", UTF-8)."""
    if template_format(None, fmt) == "md":
        return template_markdown(template).encode("utf-8")
    from compliance.authoring.docx_writer import template_docx  # imported late: python-docx is slow to import

    return template_docx(template)


def template_checklist(
    issuer: str, checklist: str | Checklist | None, profile: str | None
) -> tuple[Checklist, str]:
    """The checklist a template follows and why: the one given, else the issuer's profile's."""
    if isinstance(checklist, Checklist):
        return checklist, f"检查清单 {checklist.id}"
    if checklist is not None:
        return load_checklist(checklist), f"检查清单 {checklist}"
    inference = template_profile(issuer, profile)
    return load_checklist(inference.profile), inference.reason


def write_template(
    year: int,
    issuer: str,
    output: str | os.PathLike[str] | None = None,
    *,
    fmt: str | None = None,
    checklist: str | Checklist | None = None,
    profile: str | None = None,
    force: bool = False,
) -> str:
    """Build the template and write it (atomically, never over a file without force).

    The checklist is `checklist` when given, else `profile`'s, else the profile the issuer implies
    (as `check` infers it). Returns the path written: `output`, or the title as file name in the
    current folder.
    """
    rules, reason = template_checklist(issuer, checklist, profile)
    name = None if output is None else os.fspath(output)
    kind = template_format(name, fmt)
    template = build_template(rules, year, issuer, reason)
    path = name or default_template_path(template, kind)
    check_writable(path, force=force)
    if kind == "md":
        write_text(path, template_markdown(template), force=force)
    else:
        write_atomic(path, render_template(template, kind), force=force)
    return path
