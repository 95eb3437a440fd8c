"""Custom checklists: `extends:` (add, override, remove), and every problem reported at once with its
position (`FILE:LINE:COL: item X: …`), by the loader and by `compliance rules validate`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import ChecklistError, Document, evaluate, load_checklist, parse_checklist
from compliance.checklist.model import validate_checklist
from compliance.cli.main import main
from compliance.reading.loader import text_blocks

GOVERNMENT = load_checklist()
NEW_ITEM = """\
  - id: demonstration
    title: 写明法治政府建设示范创建情况
    severity: warning
    weight: 2
    kind: keywords
    params: {section: achievements, any_of: ['示范']}
    why: 本省要求各地报告示范创建情况。
    basis: {source: 本省法治政府建设年度报告工作指引, confidence: UNVERIFIED}
    examples:
      pass: ["一、主要举措和成效\\n开展示范创建。"]
      fail: ["一、主要举措和成效\\n召开会议3次。"]
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def header(extends: str = "government", id_: str = "province") -> str:
    return f"schema_version: 1\nextends: {extends}\nid: {id_}\nversion: '2026.1'\n"


def test_extends_adds_overrides_and_removes_items(tmp_path: Path) -> None:
    path = write(
        tmp_path / "province.yaml",
        header()
        + "title: 某省法治政府建设年度报告\nfail_under: 80\nremove: [numbering-sequence]\nitems:\n"
        + "  - id: achievement-figures\n    severity: error\n    params: {min_total: 10}\n"
        + NEW_ITEM,
    )
    checklist = load_checklist(str(path))
    ids = [i.id for i in checklist.items]
    assert ids == [i.id for i in GOVERNMENT.items if i.id != "numbering-sequence"] + ["demonstration"]
    assert (checklist.id, checklist.title, checklist.fail_under) == (
        "province",
        "某省法治政府建设年度报告",
        80,
    )
    assert (checklist.profile, checklist.extends) == ("government", ("government",))
    figures, parent = checklist.item("achievement-figures"), GOVERNMENT.item("achievement-figures")
    assert figures.severity == "error" and parent.severity == "warning"
    # params merge key by key: min_total is replaced, the others are kept
    assert figures.params == {**parent.params, "min_total": 10}
    assert figures.why == parent.why and figures.examples_pass == parent.examples_pass
    # the new item is checked like any other
    for text, expected in (
        ("一、主要举措和成效\n开展示范创建。", "pass"),
        ("一、主要举措和成效\n召开会议3次。", "fail"),
    ):
        finding = evaluate(Document("x.txt", "text", text_blocks(text)), checklist).findings[-1]
        assert (finding.rule, finding.status) == ("demonstration", expected)


def test_title_and_fail_under_are_inherited_and_chains_resolve_relative_paths(tmp_path: Path) -> None:
    write(tmp_path / "base" / "province.yaml", header() + "fail_under: 75\nitems:\n" + NEW_ITEM)
    city = write(tmp_path / "city.yaml", header("base/province.yaml", "city") + "remove: [demonstration]\n")
    checklist = load_checklist(str(city))
    assert (checklist.title, checklist.fail_under) == (GOVERNMENT.title, 75)
    assert checklist.extends == ("province", "government")
    assert [i.id for i in checklist.items] == [i.id for i in GOVERNMENT.items]


def test_changing_the_kind_replaces_the_params(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.yaml",
        header() + "items:\n  - id: numbering-sequence\n    kind: keywords\n"
        "    params: {section: achievements, any_of: ['一、']}\n",
    )
    item = load_checklist(str(path)).item("numbering-sequence")
    assert item.kind == "keywords" and dict(item.params) == {"section": "achievements", "any_of": ["一、"]}


def test_a_department_variant_can_extend_the_shipped_department_profile(tmp_path: Path) -> None:
    path = write(tmp_path / "d.yaml", header("department", "province-department") + "items:\n" + NEW_ITEM)
    checklist = load_checklist(str(path))
    assert checklist.profile == "department" and checklist.extends == ("department", "government")
    assert checklist.item("emergency-response").severity == "info"


BROKEN = """\
schema_version: 1
extends: government
id: province
version: '1'
remove: [numbering-sequence, no-such-item]
items:
  - id: plan-year
    treshold: 3
  - id: achievement-figures
    params:
      min_totl: 10
  - id: numbering-sequence
    weight: 2
  - id: demonstration
    title: 写明示范创建情况
    severity: fatal
    weight: 2
    kind: keywords
    params: {section: achievemnts, any_of: ['示范(']}
    why: x
    basis: {source: s, confidence: SURE}
    examples: {pass: ["a"]}
  - id: Bad_Id
    weight: -1
"""


def expected_problems(file: str) -> list[str]:
    return [
        f"{file}:5:30: remove：未知的检查项“no-such-item”（所继承的清单中没有）",
        f"{file}:8:5: 检查项 plan-year：未知的键“treshold”（可用：id, title, short, heading, severity, weight, kind, params, why, basis, fix, examples）",
        f"{file}:11:7: 检查项 achievement-figures：检查类型“figures”没有参数“min_totl”（可用：section, min_total, min_area_ratio）",
        f"{file}:12:5: 检查项 numbering-sequence：该检查项同时列在 remove 中",
        f"{file}:16:5: 检查项 demonstration：severity 应为以下之一：error, warning, info",
        f"{file}:19:36: 检查项 demonstration：正则表达式“示范(”有误：missing ), unterminated subpattern at position 2",
        f"{file}:21:24: 检查项 demonstration：confidence 应为以下之一：VERIFIED-QUOTE, VERIFIED-SECONDARY, UNVERIFIED, HEURISTIC",
        f"{file}:23:5: 检查项 Bad_Id：id 应为 kebab-case（a-z、0-9、-）",
    ]


def test_every_problem_at_once_with_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.yaml", BROKEN)
    checklist, problems = validate_checklist(str(path))
    assert checklist is None
    file = str(path)
    expected = expected_problems(file)
    for line in expected:
        assert line in problems
    # a new item must be complete: what it lacks is reported once, at the item
    assert f"{file}:23:5: 检查项 Bad_Id：缺少键“title”" in problems
    assert f"{file}:24:5: 检查项 Bad_Id：weight 应为不小于 0 的数" in problems
    assert not any("Bad_Id：severity 应为" in p or "Bad_Id：未知的检查类型" in p for p in problems)
    # the bad section reference is reported once the regular expression is fixed
    fixed = write(tmp_path / "fixed.yaml", BROKEN.replace("示范(", "示范"))
    problems = validate_checklist(str(fixed))[1]
    assert (
        f"{fixed}:19:14: 检查项 demonstration：参数“section”指向的“achievemnts”不是章节检查项"
        in "\n".join(problems)
    )
    # sorted by position, and the loader raises with the same lines
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)
    with pytest.raises(ChecklistError) as err:
        load_checklist(str(fixed))
    assert list(err.value.problems) == problems


def test_problems_in_a_parent_are_reported_in_the_parent(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", header() + "items:\n  - id: other\n    severity: optional\n")
    child = write(
        tmp_path / "child.yaml", header("base.yaml", "child") + "items:\n  - id: other\n    weight: 2\n"
    )
    problems = validate_checklist(str(child))[1]
    assert problems == [
        f"{tmp_path / 'base.yaml'}:7:5: 检查项 other：severity 应为以下之一：error, warning, info"
    ]


@pytest.mark.parametrize(
    ("extends", "message"),
    [
        (
            "no-such-profile",
            "无法继承“no-such-profile”：no-such-profile: 检查清单不存在（内置：department, government）",
        ),
        ("missing.yaml", "无法继承“missing.yaml”："),
        ("[government]", "extends 应为检查清单名称或路径"),
    ],
)
def test_a_bad_extends_is_reported_where_it_is_written(tmp_path: Path, extends: str, message: str) -> None:
    path = write(tmp_path / "p.yaml", header(extends))
    problems = validate_checklist(str(path))[1]
    assert len(problems) == 1 and problems[0].startswith(f"{path}:2:1: ") and message in problems[0]


def test_an_extends_loop_is_an_error_not_a_hang(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", header("b.yaml", "a"))
    write(tmp_path / "b.yaml", header("a.yaml", "b"))
    problems = validate_checklist(str(tmp_path / "a.yaml"))[1]
    assert len(problems) == 1 and "extends 循环引用或层级过深（a.yaml -> b.yaml -> a.yaml）" in problems[0]
    assert problems[0].startswith(f"{tmp_path / 'b.yaml'}:2:1: ")


def test_top_level_problems_and_yaml_syntax(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.yaml",
        "schema_version: 2\nid: x\nversion: '1'\nprofile: county\nremove: [other]\nitems: []\n",
    )
    problems = validate_checklist(str(path))[1]
    assert problems == [
        f"{path}:1:1: 缺少键“title”",
        f"{path}:1:1: schema_version 应为 1",
        f"{path}:4:1: profile 应为以下之一：government, department",
        f"{path}:5:1: remove 需要 extends（没有可删除的继承项）",
        f"{path}:6:1: items 应为非空列表",
    ]
    path = write(tmp_path / "y.yaml", "id: x\nitems: [\n")
    assert validate_checklist(str(path))[1] == [
        f"{path}:3:1: YAML 语法错误（did not find expected node content）"
    ]


def test_parse_checklist_resolves_extends_from_the_given_path(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", header() + "items:\n" + NEW_ITEM)
    checklist = parse_checklist(header("base.yaml", "child"), str(tmp_path / "child.yaml"))
    assert checklist.items[-1].id == "demonstration"


def test_rules_validate_command(tmp_path: Path) -> None:
    good = write(tmp_path / "good.yaml", header() + "items:\n" + NEW_ITEM)
    broken = write(tmp_path / "broken.yaml", BROKEN)
    code, out, err = invoke("rules", "validate", str(good))
    count = len(load_checklist("government").items) + 1  # extends government, adds one item
    assert code == 0 and out == f"{good}: 有效（清单 province 版本 2026.1，{count} 个检查项）\n" and err == ""
    code, out, err = invoke("rules", "validate", str(good), str(broken))
    lines = out.splitlines()
    assert code == 2 and lines[0].startswith(f"{good}: 有效")
    for line in expected_problems(str(broken)):
        assert line in lines
    assert err == f"共 {len(lines) - 1} 个问题\n"
    assert invoke("rules", "validate", "government", "department")[0] == 0
    code, out, _ = invoke("rules", "validate", str(tmp_path / "none.yaml"))
    assert code == 2 and "检查清单不存在" in out


def test_rules_listing_still_works_as_before() -> None:
    code, out, _ = invoke("rules")
    assert (
        code == 0 and out.startswith(GOVERNMENT.title) and len(out.splitlines()) == len(GOVERNMENT.items) + 1
    )
    assert invoke("rules", "list")[1] == out
    code, md, _ = invoke("rules", "--format", "markdown", "-c", "department")
    assert code == 0 and md.startswith("# 检查项说明：法治政府建设年度报告（政府部门）")


def test_check_with_a_broken_custom_checklist_lists_the_problems_and_exits_2(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.yaml", BROKEN)
    code, out, err = invoke(
        "check", str(Path(__file__).parent / "corpus" / "c01_five_parts_standard.txt"), "-c", str(broken)
    )
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"{broken}:8:5: 检查项 plan-year：未知的键“treshold”" in err


def test_the_example_in_docs_checklists_md_is_valid(tmp_path: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "checklists.md").read_text(encoding="utf-8")
    example = next(block for block in docs.split("```yaml\n")[1:] if "extends: government" in block)
    path = tmp_path / "province.yaml"
    path.write_text(example.split("```")[0], encoding="utf-8")
    checklist = load_checklist(str(path))
    assert checklist.id == "province" and checklist.items[-1].id == "demonstration"
    assert "numbering-sequence" not in checklist.titles
