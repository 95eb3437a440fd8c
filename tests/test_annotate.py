"""compliance annotate: Word comments on the paragraphs the findings concern, in a copy of the .docx."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

import compliance
from compliance.authoring import docx_writer
from compliance.authoring.annotate import Annotation, anchor_paragraph, annotate, comment_text, default_output
from compliance.authoring.docx_writer import annotate_docx
from compliance.checklist.model import Basis
from compliance.cli.main import main
from compliance.errors import DocumentError, UsageError
from compliance.reading.docx_reader import read_docx
from compliance.records import replace
from compliance.report.model import DocumentReport, Finding, SectionResult
from docx_builders import Para, abstract_num, lvl, make_docx, num, run, table, text_box
from helpers import SAMPLES, SEED_TXT
from soffice import convert, needs_soffice

SEED_DOCX = SAMPLES / "jianghai-2022.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def own_text(paragraph: etree._Element) -> str:
    """The text of a w:p's own runs (not of paragraphs in text boxes anchored in it)."""
    texts = []
    for t in paragraph.iter(W + "t"):
        owner = next(a for a in t.iterancestors(W + "p"))
        if owner is paragraph:
            texts.append(t.text or "")
    return "".join(texts)


def comments_by_anchor(path: Path) -> list[tuple[str, str, str | None, etree._Element]]:
    """(text, author, initials, anchored w:p) for every comment, reopened with python-docx."""
    document = docx.Document(str(path))
    body = document.element.body
    found = []
    for comment in document.comments:
        starts = body.xpath(f'.//w:commentRangeStart[@w:id="{comment.comment_id}"]')
        ends = body.xpath(f'.//w:commentRangeEnd[@w:id="{comment.comment_id}"]')
        refs = body.xpath(f'.//w:commentReference[@w:id="{comment.comment_id}"]')
        assert len(starts) == len(ends) == len(refs) == 1, comment.comment_id
        paragraph = starts[0].getparent()
        assert paragraph.tag == W + "p" and ends[0].getparent() is paragraph
        # the range covers the whole paragraph: no text before the start or after the end
        children = list(paragraph)
        inside = children[children.index(starts[0]) : children.index(ends[0]) + 1]
        outside = [c for c in children if c not in inside]
        assert not [t for c in outside for t in c.iter(W + "t") if t.text and t.text.strip()]
        found.append((comment.text, comment.author, comment.initials, paragraph))
    return found


def where(element: etree._Element) -> str:
    """An element's XPath in its document: the same element in two loads of one file."""
    return str(element.getroottree().getpath(element))


def text_outside(element: etree._Element, skip: str) -> str:
    """The text of `element` without the text of its `skip` descendants."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != skip:
            parts.append(text_outside(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def failed(path: Path) -> list[Finding]:
    return list(compliance.check(path).documents[0].failures)


# --- the seed, end to end -------------------------------------------------------------------


def test_seed_every_failed_finding_is_a_comment_on_its_paragraph(tmp_path: Path) -> None:
    out = tmp_path / "批注.docx"
    code, stdout, _ = invoke("annotate", str(SEED_DOCX), "-o", str(out))
    assert code == 1  # the seed does not comply, as `compliance check` says
    findings = failed(SEED_DOCX)
    assert {f.rule for f in findings} == {
        "shortcoming-reasons",
        "leader-duty-own-part",
        "leader-duty-specific",
    }
    assert f"{len(findings)} 条批注" in stdout and str(out) in stdout
    comments = comments_by_anchor(out)
    assert len(comments) == len(findings)
    # Independent oracle for this body-only document: Block.index k is the k-th paragraph with
    # text among python-docx's body paragraphs.
    blocks = read_docx(str(SEED_DOCX))
    assert {b.origin for b in blocks} == {"body"}
    with_text = [where(p._p) for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert len(with_text) == len(blocks)
    for finding, (text, author, initials, paragraph) in zip(findings, comments, strict=True):
        assert (author, initials) == ("compliance", "C")
        assert finding.paragraph is not None
        assert where(paragraph) == with_text[finding.paragraph - 1]
        block = blocks[finding.paragraph - 1]
        assert block.text == block.label + own_text(paragraph)  # the label is Word's numbering
        assert finding.message in text
        assert f"依据：{finding.basis.source}" in text and f"建议：{finding.fix}" in text
        assert text.startswith("【错误】" if finding.severity == "error" else "【警告】")
    anchored = {own_text(p) for *_, p in comments}
    assert anchored >= {"存在的不足"}  # the shortcomings heading ("二、" is automatic numbering)


def test_the_input_is_never_modified_and_the_copy_reads_the_same(tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(SEED_DOCX.read_bytes())
    before, mtime = digest(source), source.stat().st_mtime_ns
    result = annotate(source)
    assert result.output == str(tmp_path / "report.compliance.docx") == default_output(source)
    assert digest(source) == before and source.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.compliance.docx", "report.docx"]
    # comments live outside the text: the copy reads, and checks, exactly like the original
    assert read_docx(result.output) == read_docx(str(source))
    original = compliance.check(source).documents[0].to_dict()
    copy = compliance.check(result.output).documents[0].to_dict()
    assert {**copy, "path": None} == {**original, "path": None}


def test_output_is_deterministic_and_dated_only_on_request(tmp_path: Path) -> None:
    one, two, stamped = tmp_path / "1.docx", tmp_path / "2.docx", tmp_path / "3.docx"
    assert invoke("annotate", str(SEED_DOCX), "-o", str(one))[0] == 1
    assert invoke("annotate", str(SEED_DOCX), "-o", str(two))[0] == 1
    assert one.read_bytes() == two.read_bytes()
    assert invoke("annotate", str(SEED_DOCX), "-o", str(stamped), "--timestamp")[0] == 1
    undated = [c.timestamp for c in docx.Document(str(one)).comments]
    dated = [c.timestamp for c in docx.Document(str(stamped)).comments]
    assert undated == [None, None, None]
    assert all(d is not None and d.year >= 2025 for d in dated)
    with zipfile.ZipFile(one) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- anchors in tables, text boxes, hyperlinks, after empty and numbering-only paragraphs ---


def test_every_block_index_maps_to_its_own_paragraph(tmp_path: Path) -> None:
    hyperlink = f'<w:hyperlink w:anchor="x">{run("链接里的文字")}</w:hyperlink>'
    body = [
        Para("某区2023年法治政府建设情况报告", style="Title"),
        Para(""),  # empty: no Block
        Para("", num=(100, 0)),  # numbering only: no Block, but the counter moves
        Para("主要举措和成效", num=(100, 0)),
        table([["单元格甲", "单元格乙"], ["", "单元格丙"]]),
        Para(runs=run("锚定段") + text_box("文本框第一段", "文本框第二段")),
        Para(runs=text_box("空段里的文本框")),  # the anchoring paragraph itself has no text
        Para(runs=hyperlink),  # no direct runs at all: empty runs are added to anchor on
        Para(runs=run("前") + hyperlink),  # text last in a hyperlink
        Para("末段"),
    ]
    numbering = [abstract_num(100, lvl(0, "chineseCounting", "%1、")), num(100, 100)]
    source = make_docx(tmp_path / "mixed.docx", body, numbering=numbering)
    blocks = read_docx(str(source))
    assert [b.text for b in blocks] == [
        "某区2023年法治政府建设情况报告",
        "二、主要举措和成效",
        "单元格甲",
        "单元格乙",
        "单元格丙",
        "锚定段",
        "文本框第一段",
        "文本框第二段",
        "空段里的文本框",
        "链接里的文字",
        "前链接里的文字",
        "末段",
    ]
    plan = [(b.index, f"批注{b.index}") for b in blocks]
    out = tmp_path / "out.docx"
    out.write_bytes(annotate_docx(str(source), plan, texts=[b.text for b in blocks]))
    comments = comments_by_anchor(out)
    assert len(comments) == len(blocks)
    by_text = {text: paragraph for text, _, _, paragraph in comments}
    for block in blocks:
        paragraph = by_text[f"批注{block.index}"]
        assert block.label + own_text(paragraph) == block.text
    assert read_docx(str(out)) == blocks  # still reads the same


def test_several_comments_on_one_paragraph_nest_properly(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "s.docx", [Para("标题"), Para("正文")])
    out = tmp_path / "o.docx"
    out.write_bytes(annotate_docx(str(source), [(2, "甲"), (2, "乙")]))
    children = [c for c in next(iter(docx.Document(str(out)).paragraphs[1:2]))._p]
    tags = [(c.tag.rsplit("}", 1)[1], c.get(W + "id")) for c in children]
    starts = [i for i, (tag, _) in enumerate(tags) if tag == "commentRangeStart"]
    ends = {tags[i][1]: i for i, (tag, _) in enumerate(tags) if tag == "commentRangeEnd"}
    text_at = next(i for i, c in enumerate(children) if c.find(W + "t") is not None)
    assert len(starts) == 2 and max(starts) < text_at < min(ends.values())
    first, second = (tags[i][1] for i in starts)
    assert ends[second] < ends[first]  # the later comment is inside the earlier one
    assert [c.text for c in docx.Document(str(out)).comments] == ["甲", "乙"]


def test_existing_comments_are_kept(tmp_path: Path) -> None:
    prior = docx.Document()
    paragraph = prior.add_paragraph("江门市江海区2022年法治政府建设年度报告")
    prior.add_paragraph("2022年，我区坚持依法行政。")
    prior.add_comment(paragraph.runs, "作者原有的批注", author="张三", initials="ZS")
    source = tmp_path / "prior.docx"
    prior.save(str(source))
    result = annotate(source, tmp_path / "out.docx")
    assert result.comments  # a two-line report misses all five parts
    comments = list(docx.Document(result.output).comments)
    assert comments[0].text == "作者原有的批注" and comments[0].author == "张三"
    assert comments[0].timestamp is not None  # theirs keeps its date; ours are undated
    assert all(c.author == "compliance" and c.timestamp is None for c in comments[1:])
    assert len({c.comment_id for c in comments}) == len(comments) == len(result.comments) + 1


def test_annotating_again_replaces_its_own_comments_and_keeps_others(tmp_path: Path) -> None:
    """Before: annotating an annotated copy doubled every comment."""
    prior = docx.Document()
    paragraph = prior.add_paragraph("江门市江海区2022年法治政府建设年度报告")
    prior.add_paragraph("2022年，我区坚持依法行政，召开会议××次。")
    prior.add_comment(paragraph.runs, "作者原有的批注", author="张三", initials="ZS")
    source = tmp_path / "prior.docx"
    prior.save(str(source))
    once = annotate(source, tmp_path / "once.docx")
    twice = annotate(once.output, tmp_path / "twice.docx")
    assert Path(once.output).read_bytes() == Path(twice.output).read_bytes()
    authors = [c.author for c in docx.Document(twice.output).comments]
    assert authors.count("张三") == 1 and authors.count("compliance") == len(once.comments)
    seed_once = annotate(SEED_DOCX, tmp_path / "seed1.docx")
    seed_twice = annotate(seed_once.output, tmp_path / "seed2.docx")
    assert Path(seed_once.output).read_bytes() == Path(seed_twice.output).read_bytes()
    with zipfile.ZipFile(seed_twice.output) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_every_placeholder_gets_its_comment(tmp_path: Path) -> None:
    """Before: with several placeholders only the first was named and commented, and a template
    note 「（填写说明：…报送前删除本说明。）」 was not found at all."""
    report = docx.Document()
    for text in (
        "某某区人民政府关于2024年法治政府建设情况的报告",
        "一、2024年推进法治政府建设的主要举措和成效",
        "召开常务会议××次。",
        "审查规范性文件12件。（填写说明：写明各项举措取得的成效，报送前删除本说明。）",
        "二、2024年推进法治政府建设存在的不足和原因",
        "执法人员不足，原因是编制紧张，共*件。",
    ):
        report.add_paragraph(text)
    source = tmp_path / "placeholders.docx"
    report.save(str(source))
    result = annotate(source, tmp_path / "out.docx")
    finding = result.report.findings[[f.rule for f in result.report.findings].index("placeholders")]
    assert finding.status == "fail" and "第3段「××」" in finding.message and "第6段" in finding.message
    assert "（填写说明：" in finding.message and "共3处" in finding.message
    placed = [c.paragraph for c in result.comments if c.rule == "placeholders"]
    assert placed == [3, 4, 6]
    anchored = [own_text(p) for text, *_, p in comments_by_anchor(Path(result.output)) if "占位符" in text]
    assert anchored == [
        "召开常务会议××次。",
        "审查规范性文件12件。（填写说明：写明各项举措取得的成效，报送前删除本说明。）",
        "执法人员不足，原因是编制紧张，共*件。",
    ]


@needs_soffice
def test_a_doc_draft_gets_a_commented_docx(tmp_path: Path) -> None:
    """Before: a .doc (or .wps) draft was refused although check reads it."""
    doc = convert(SEED_DOCX, "doc", tmp_path)
    code, stdout, err = invoke("annotate", str(doc))
    assert code == 1, err
    out = doc.with_name(doc.stem + ".compliance.docx")
    assert (
        stdout.splitlines()[0].startswith("注意：原文件是Word 97–2003 文档")
        and ".docx" in stdout.splitlines()[0]
    )
    assert out.exists() and zipfile.is_zipfile(out)
    assert {c.author for c in docx.Document(str(out)).comments} == {"compliance"}
    assert [f.rule for f in failed(doc)] == [f.rule for f in failed(out)]


def test_a_mismatch_between_check_and_writer_is_refused(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "s.docx", [Para("标题"), Para("正文")])
    with pytest.raises(DocumentError, match="定位"):
        annotate_docx(str(source), [(1, "x")], texts=["标题", "别的正文"])
    with pytest.raises(DocumentError, match="第9段"):
        annotate_docx(str(source), [(9, "x")])


# --- where a comment goes when the finding has no paragraph of its own ----------------------


def _docx_from_text(sample: Path, tmp_path: Path, encoding: str = "utf-8") -> Path:
    lines = [line for line in sample.read_text(encoding=encoding).splitlines() if line.strip()]
    return make_docx(tmp_path / (sample.stem + ".docx"), [Para(line) for line in lines])


def _anchors(result: Annotation) -> dict[str, str]:
    """Rule -> the text of the paragraph its comment is anchored on, read back from the file."""
    by_comment = {text: own_text(p) for text, _, _, p in comments_by_anchor(Path(result.output))}
    return {c.rule: by_comment[c.text] for c in result.comments}


def test_a_missing_part_is_anchored_on_the_closest_heading_else_the_title(tmp_path: Path) -> None:
    # a shortcomings part under a heading too far from the standard names: a near miss
    text = re.sub(
        r"二、存在的不足\n.*\n", "二、问题与建议\n个别部门重视不够。\n", SEED_TXT.read_text(encoding="utf-8")
    )
    (tmp_path / "near").mkdir()
    near = tmp_path / "near" / "near-miss.txt"
    near.write_text(text, encoding="utf-8")
    result = annotate(_docx_from_text(near, tmp_path / "near"))
    shortcomings = next(f for f in result.report.failures if f.rule == "shortcomings")
    assert "最接近的标题" in shortcomings.message  # the check names a closest heading …
    assert _anchors(result)["shortcomings"] == "二、问题与建议"  # … and there it is
    # the part deleted altogether: nothing comes close, so the title carries the comment
    result = annotate(_docx_from_text(SAMPLES / "flawed-no-shortcomings.txt", tmp_path))
    anchors = _anchors(result)
    missing = next(f for f in result.report.failures if f.rule == "shortcomings")
    assert missing.paragraph is None and "最接近" not in missing.message
    assert anchors["shortcomings"] == "江门市江海区2022年法治政府建设年度报告"
    # with the part missing, shortcoming-reasons does not apply: no second comment about it
    assert next(f for f in result.report.findings if f.rule == "shortcoming-reasons").status == "skip"
    assert "shortcoming-reasons" not in anchors


def test_without_a_title_the_first_paragraph_carries_it(tmp_path: Path) -> None:
    source = _docx_from_text(SAMPLES / "flawed-no-title-gbk.txt", tmp_path, encoding="gb18030")
    result = annotate(source)
    assert result.report.title is None
    first = read_docx(str(source))[0].text
    assert first.startswith("2022年")
    assert _anchors(result)["title-format"] == first


def _finding(rule: str, paragraph: int | None, section: str | None = None) -> Finding:
    basis = Basis("《规定》", "VERIFIED-QUOTE", "第一条")
    return Finding(rule, "标题", "warning", 1.0, "fail", "问题", paragraph, None, basis, "改", section)


def _section(sid: str, role: str, status: str, paragraph: int | None) -> SectionResult:
    slot = sid if sid == "achievements" else ""  # the part the areas belong under, by its slot
    return SectionResult(sid, role, status, None, paragraph, None, None, None, slot=slot)


def test_anchor_rules() -> None:
    sections = (
        _section("achievements", "part", "heading", 3),
        _section("digital-government", "area", "missing", None),
    )
    report = DocumentReport("r.docx", "docx", "题", None, 2024, None, 70, sections=sections)
    paragraphs = (1, 2, 3, 4)
    assert anchor_paragraph(_finding("x", 4), report, paragraphs, 1) == 4
    assert anchor_paragraph(_finding("x", None), report, paragraphs, 2) == 2  # the title
    assert anchor_paragraph(_finding("x", None), report, paragraphs, None) == 1  # first paragraph
    assert anchor_paragraph(_finding("x", 99), report, paragraphs, None) == 1  # not in the document
    area = _finding("digital-government", None, "digital-government")
    assert anchor_paragraph(area, report, paragraphs, 1) == 3  # where the areas are expected
    missing = DocumentReport(
        "r.docx",
        "docx",
        None,
        None,
        None,
        None,
        70,
        sections=(_section("achievements", "part", "missing", None), sections[1]),
    )
    assert anchor_paragraph(area, missing, paragraphs, 2) == 2


def test_comment_text_has_message_basis_and_fix() -> None:
    text = comment_text(_finding("x", 1))
    assert text.splitlines() == ["【警告】标题", "问题", "依据：《规定》 第一条", "建议：改"]


# --- refusals: one Chinese line, exit code 2, nothing written -------------------------------


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"precious")
    code, stdout, err = invoke("annotate", str(SEED_DOCX), "-o", str(out))
    assert code == 2 and stdout == ""
    assert err.strip().splitlines() == [f"错误：{out}: 文件已存在；如要覆盖，请加 --force"]
    assert out.read_bytes() == b"precious"
    assert invoke("annotate", str(SEED_DOCX), "-o", str(out), "--force")[0] == 1
    assert len(list(docx.Document(str(out)).comments)) == 3


def test_refuses_to_write_over_its_input_even_with_force(tmp_path: Path) -> None:
    source = tmp_path / "r.docx"
    source.write_bytes(SEED_DOCX.read_bytes())
    before = digest(source)
    for args in ([], ["--force"]):
        code, _, err = invoke("annotate", str(source), "-o", str(source), *args)
        assert code == 2 and "原文件" in err and "Traceback" not in err
    assert digest(source) == before


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("report.txt", "江门市2022年法治政府建设年度报告\n", "Word 批注只能写入 Word 文件"),
        ("report.md", "# 报告\n", "Word 批注只能写入 Word 文件"),
        ("report.html", "<html><body><h1>报告</h1></body></html>", "compliance check -f html"),
        ("report.pdf", b"%PDF-1.4\n%%EOF\n", "Word 批注只能写入 Word 文件"),
        ("fake.docx", "只是文本", "不是 Word"),
        ("broken.docx", b"PK\x03\x04broken", "损坏"),
        ("missing.docx", None, "不存在"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: str | bytes | None, cause: str
) -> None:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    code, stdout, err = invoke("annotate", str(path))
    assert code == 2 and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误：{path}: ") and cause in lines[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ([name] if content is not None else [])


def test_a_template_or_macro_document_renamed_docx_is_refused(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "s.docx", [Para("江门市2022年法治政府建设年度报告"), Para("正文")])
    renamed = tmp_path / "template.docx"
    main_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(renamed, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    main_type.encode(), main_type.replace("document.main", "template.main").encode()
                )
            new.writestr(info, data)
    assert len(read_docx(str(renamed))) == 2  # the checker reads it …
    code, _, err = invoke("annotate", str(renamed))
    assert code == 2 and "另存为 .docx" in err  # … but Word comments go into a .docx only
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_package_that_unpacks_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_docx(tmp_path / "s.docx", [Para("江门市2022年法治政府建设年度报告"), Para("正文")])
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", b"\0" * 2_000_000)  # compresses to ~2 KB
    monkeypatch.setattr(docx_writer, "LIMITS", replace(docx_writer.LIMITS, max_total_bytes=1_000_000))
    code, _, err = invoke("annotate", str(source))
    assert code == 2 and "恶意" in err and not (tmp_path / "s.compliance.docx").exists()


def test_output_must_be_docx() -> None:
    with pytest.raises(UsageError, match=r"\.docx"):
        annotate(SEED_DOCX, "out.txt")
    assert re.search(r"\.docx", invoke("annotate", str(SEED_DOCX), "-o", "x.pdf")[2])


# --- the real LibreOffice -------------------------------------------------------------------


@needs_soffice
def test_libreoffice_opens_the_copy_and_sees_each_comment_on_its_paragraph(tmp_path: Path) -> None:
    result = annotate(SEED_DOCX, tmp_path / "seed-annotated.docx")
    odt = convert(Path(result.output), "odt", tmp_path)
    with zipfile.ZipFile(odt) as archive:
        content = etree.fromstring(archive.read("content.xml"))
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    dc = "http://purl.org/dc/elements/1.1/"
    notes = content.findall(f".//{{{office}}}annotation")
    assert len(notes) == len(result.comments) == 3
    blocks = {b.index: b for b in read_docx(str(SEED_DOCX))}
    planned_by_text = {c.text: c for c in result.comments}
    for note in notes:
        assert note.findtext(f"{{{dc}}}creator") == "compliance"
        lines = ["".join(p.itertext()) for p in note.findall(f"{{{text_ns}}}p")]
        planned = planned_by_text.pop("\n".join(lines))
        holder = next(a for a in note.iterancestors(f"{{{text_ns}}}p", f"{{{text_ns}}}h"))
        shown = text_outside(holder, f"{{{office}}}annotation")
        block = blocks[planned.paragraph]
        assert shown.strip() and block.text.endswith(shown.strip())


@needs_soffice
def test_libreoffice_converts_the_copy_to_pdf(tmp_path: Path) -> None:
    result = annotate(SEED_DOCX, tmp_path / "seed-annotated.docx")
    pdf = convert(Path(result.output), "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
