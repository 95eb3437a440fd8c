"""Project configuration: discovery per file, precedence, per-path overrides, suppressions with reasons."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import UsageError
from compliance.checklist.model import load_checklist
from compliance.cli.main import main
from compliance.pipeline.check import check_document, check_file
from compliance.settings.config import (
    Overrides,
    configurations_remembered,
    find_config,
    load_config,
    matches,
    settings_for,
)
from helpers import CORPUS, SAMPLES

SEED = SAMPLES / "jianghai-2022.txt"  # fails shortcoming-reasons (error) and leader-duty-own-part
JUSTICE = CORPUS / "c10_department_justice_bureau_gongwen.txt"
REASON = "本区2022年报告定稿时尚无此要求"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A document repository: a district report at the top, a department report under departments/."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "jianghai.txt")
    (tmp_path / "departments" / "justice").mkdir(parents=True)
    shutil.copy(JUSTICE, tmp_path / "departments" / "justice" / "2023.txt")
    return tmp_path


def plain(path: Path) -> dict:
    return check_document(path, load_checklist()).to_dict()  # type: ignore[no-any-return]


# ----------------------------------------------------------------------------- discovery


def test_nearest_configuration_wins_and_pyproject_without_table_is_passed_over(repo: Path) -> None:
    write(repo / "pyproject.toml", "[tool.compliance]\nfail_under = 80\n")
    write(repo / "departments" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.compliance]
    report = repo / "departments" / "justice" / "2023.txt"
    assert find_config(report) == "pyproject.toml"
    assert settings_for(report).fail_under == 80
    write(repo / "departments" / ".compliance.toml", "fail_under = 90\n")
    assert find_config(report) == "departments/.compliance.toml"
    assert settings_for(report).fail_under == 90
    assert settings_for(repo / "jianghai.txt").fail_under == 80  # each file finds its own
    # in one folder, .compliance.toml is used before pyproject.toml
    write(repo / ".compliance.toml", "fail_under = 60\n")
    assert settings_for(repo / "jianghai.txt").fail_under == 60


def test_no_configuration_means_the_defaults(repo: Path) -> None:
    settings = settings_for(repo / "jianghai.txt")
    assert settings.config is None and settings.fail_under is None and settings.ignore == ()


def test_config_option_replaces_discovery_and_isolated_ignores_everything(repo: Path) -> None:
    write(repo / ".compliance.toml", "fail_under = 60\n")
    other = write(repo / "ci" / "strict.toml", "fail_under = 95\n")
    assert settings_for(repo / "jianghai.txt", Overrides(config=str(other))).fail_under == 95
    assert settings_for(repo / "jianghai.txt", Overrides(isolated=True)).config is None
    code, out, _ = invoke("check", "jianghai.txt", "-f", "json", "--config", str(other))
    assert code == 1 and json.loads(out)["documents"][0]["fail_under"] == 95
    code, out, _ = invoke("check", "jianghai.txt", "-f", "json", "--isolated")
    assert code == 1 and json.loads(out)["documents"][0]["fail_under"] == 70  # the checklist's own


def test_command_line_flags_override_the_configuration(repo: Path) -> None:
    write(repo / ".compliance.toml", 'fail_under = 60\nformat = "json"\nprofile = "department"\n')
    code, out, _ = invoke("check", "jianghai.txt")  # format from the configuration
    doc = json.loads(out)["documents"][0]
    assert (doc["fail_under"], doc["profile"]) == (60, "department")
    assert doc["profile_reason"] == "由配置文件 .compliance.toml 指定"
    code, out, _ = invoke("check", "jianghai.txt", "-f", "json", "--fail-under", "75", "-p", "government")
    doc = json.loads(out)["documents"][0]
    assert (doc["fail_under"], doc["profile"]) == (75, "government")
    assert doc["profile_reason"] == "由命令行 --profile 指定"
    code, out, _ = invoke("check", "jianghai.txt", "-f", "terminal")
    assert code == 1 and out.startswith("江门市江海区2022年法治政府建设年度报告")


# ----------------------------------------------------------------------------- per-path overrides


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("departments/**", "departments/justice/2023.txt", True),
        ("departments/**", "departments/a.docx", True),
        ("departments/**", "gov/departments/a.docx", False),  # anchored at the configuration's folder
        ("departments/", "departments/justice/2023.txt", True),
        ("departments/*.txt", "departments/justice/2023.txt", False),  # * stays in one folder
        ("**/2023.txt", "departments/justice/2023.txt", True),
        ("*.txt", "departments/justice/2023.txt", True),  # no "/": a name at any depth
        ("*.docx", "departments/justice/2023.txt", False),
        ("./departments/**/*.txt", "departments/justice/2023.txt", True),
    ],
)
def test_override_globs(tmp_path: Path, pattern: str, path: str, expected: bool) -> None:
    config_file = write(
        tmp_path / ".compliance.toml", f'[[overrides]]\npaths = ["{pattern}"]\nfail_under = 1\n'
    )
    config = load_config(config_file)
    assert matches(config.overrides[0], config, tmp_path / path) is expected


def test_departments_use_the_department_profile_by_override(repo: Path) -> None:
    write(
        repo / "pyproject.toml",
        '[tool.compliance]\nprofile = "government"\n\n'
        '[[tool.compliance.overrides]]\npaths = ["departments/**"]\nprofile = "department"\nfail_under = 85\n',
    )
    code, out, _ = invoke("check", ".", "-f", "json")
    assert code == 1  # the district report fails on shortcoming-reasons
    docs = {d["path"]: d for d in json.loads(out)["documents"]}
    justice, district = docs["departments/justice/2023.txt"], docs["jianghai.txt"]
    assert (justice["profile"], justice["checklist"]["id"], justice["fail_under"]) == (
        "department",
        "department",
        85,
    )
    assert (district["profile"], district["checklist"]["id"], district["fail_under"]) == (
        "government",
        "government",
        70,
    )


def test_a_later_scope_that_names_a_profile_replaces_an_inherited_checklist(repo: Path) -> None:
    write(
        repo / "rules" / "province.yaml",
        "schema_version: 1\nextends: government\nid: province\nversion: '1'\n",
    )
    write(
        repo / ".compliance.toml",
        'checklist = "rules/province.yaml"\n[[overrides]]\npaths = "departments/"\nprofile = "department"\n',
    )
    district = check_file(repo / "jianghai.txt")
    justice = check_file(repo / "departments" / "justice" / "2023.txt")
    assert (district.checklist_id, district.profile) == ("province", "government")  # inherited profile
    assert (justice.checklist_id, justice.profile) == ("department", "department")


# ----------------------------------------------------------------------------- suppressions


def test_ignore_with_reason_takes_the_item_out_of_the_score_and_shows_why(repo: Path) -> None:
    before = plain(repo / "jianghai.txt")
    ignored = next(f for f in before["findings"] if f["rule"] == "shortcoming-reasons")
    assert ignored["status"] == "fail" and ignored["severity"] == "error" and not before["passed"]
    write(repo / ".compliance.toml", f'ignore = [{{rule = "shortcoming-reasons", reason = "{REASON}"}}]\n')
    code, out, _ = invoke("check", "jianghai.txt", "-f", "json")
    after = json.loads(out)["documents"][0]
    finding = next(f for f in after["findings"] if f["rule"] == "shortcoming-reasons")
    assert (finding["status"], finding["reason"], finding["ignored_by"]) == (
        "ignored",
        REASON,
        ".compliance.toml",
    )
    assert finding["passed"] is True
    # the score is recomputed without the item: same passed weight over a smaller total
    counted = [f for f in before["findings"] if f["status"] != "skip"]
    total = sum(f["weight"] for f in counted) - ignored["weight"]
    passed_weight = sum(f["weight"] for f in counted if f["status"] == "pass")
    assert after["score"] == round(100 * passed_weight / total, 1)
    # with its only error ignored, the report now complies: the suppression decides the exit code
    assert after["passed"] is True and code == 0
    assert all(
        "reason" not in f for f in after["findings"] if f["status"] != "ignored"
    )  # keys added only there


def test_ignored_items_are_listed_with_their_reasons(repo: Path) -> None:
    write(repo / ".compliance.toml", f'ignore = [{{rule = "leader-duty-own-part", reason = "{REASON}"}}]\n')
    code, out, _ = invoke("check", "jianghai.txt")
    assert "按配置忽略 1 项：leader-duty-own-part（原因见 --show-ignored）" in out
    assert REASON not in out
    code, out, _ = invoke("check", "jianghai.txt", "--show-ignored")
    assert (
        f"jianghai.txt: 已忽略 [leader-duty-own-part] 第一责任人履职情况单列成部分：{REASON}（.compliance.toml）"
        in out
    )
    # machine formats keep stdout clean: the listing goes to stderr
    code, out, err = invoke("check", "jianghai.txt", "--show-ignored", "-f", "json")
    assert REASON in err and json.loads(out)["documents"][0]["score"] > 0
    code, out, _ = invoke("check", "jianghai.txt", "--show-ignored", "--isolated")
    assert code == 1 and "没有忽略任何检查项。" in out


def test_override_ignores_add_to_the_base_ones(repo: Path) -> None:
    write(
        repo / ".compliance.toml",
        'ignore = [{rule = "numbering-sequence", reason = "手工编号"}]\n'
        '[[overrides]]\npaths = ["departments/**"]\n'
        'ignore = [{rule = "emergency-response", reason = "司法局不承担突发事件应对"}]\n',
    )
    justice = check_file(repo / "departments" / "justice" / "2023.txt")
    district = check_file(repo / "jianghai.txt")
    assert {f.rule: f.ignore_reason for f in justice.findings if f.status == "ignored"} == {
        "numbering-sequence": "手工编号",
        "emergency-response": "司法局不承担突发事件应对",
    }
    assert [f.rule for f in district.findings if f.status == "ignored"] == ["numbering-sequence"]


def test_select_checks_only_the_listed_items(repo: Path) -> None:
    write(repo / ".compliance.toml", 'select = ["achievements", "shortcomings", "shortcoming-reasons"]\n')
    doc = check_file(repo / "jianghai.txt")
    assert [f.rule for f in doc.findings] == ["achievements", "shortcomings", "shortcoming-reasons"]
    assert doc.score == round(100 * 20 / 28, 1)  # 10 + 10 passed of 10 + 10 + 8 (reasons missing)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'ignore = ["numbering-sequence"]\n',
            ".compliance.toml:1: 配置错误：ignore 中的“numbering-sequence”没有写原因",
        ),
        (
            '\nignore = [{rule = "numbering-sequence"}]\n',
            ".compliance.toml:2: 配置错误：ignore 中的“numbering-sequence”没有写原因（reason）",
        ),
        ('ignore = [{rule = "numbering-sequence", reason = "  "}]\n', "没有写原因（reason）"),
        (
            'ignore = [{rule = "numbering-sequense", reason = "x"}]\n',
            ".compliance.toml:1: 配置错误：检查项“numbering-sequense”不在检查清单",
        ),
        ('select = ["title"]\n', "检查项“title”不在检查清单"),
        ("ignor = []\n", ".compliance.toml:1: 配置错误：配置中有未知的设置“ignor”"),
        ('profile = "county"\n', "profile 应为 government, department, auto 之一"),
        ('checklist = "rules/none.yaml"\n', "checklist 指向的文件不存在：rules/none.yaml"),
        ('checklist = "goverment"\n', "checklist 不是内置检查清单：“goverment”"),
        ('checklist = "government"\nprofile = "department"\n', "checklist 与 profile 只能设置一个"),
        ("fail_under = 120\n", "fail_under 应为 0 到 100 之间的数"),
        ('format = "yaml"\n', "format 应为"),
        ('[[overrides]]\nprofile = "department"\n', "overrides[0].paths 应为"),
        ("ignore = [\n", "不是有效的 TOML"),
    ],
)
def test_bad_configuration_is_one_line_naming_the_file_exit_2(repo: Path, text: str, message: str) -> None:
    write(repo / ".compliance.toml", text)
    code, out, err = invoke("check", "jianghai.txt")
    assert code == 2 and out == ""
    assert err.startswith("错误：.compliance.toml") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_pyproject_errors_name_the_table(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.compliance]\nignore = [{rule = "other", reson = "x"}]\n')
    with pytest.raises(
        UsageError, match=r"^pyproject.toml:2: 配置错误：tool.compliance.ignore 中有未知的设置“reson”"
    ):
        settings_for(repo / "jianghai.txt")


def test_configuration_errors_stop_a_batch_before_any_file_is_checked(repo: Path) -> None:
    write(repo / "departments" / ".compliance.toml", 'ignore = ["emergency-response"]\n')
    code, out, err = invoke("check", ".", "-j", "2")  # the top file has no configuration at all
    assert code == 2 and out == "" and "departments/.compliance.toml" in err


def test_inputs_are_never_modified(repo: Path) -> None:
    config = write(repo / ".compliance.toml", f'ignore = [{{rule = "other", reason = "{REASON}"}}]\n')
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    invoke("check", ".", "--show-ignored")
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before
    assert config.read_text(encoding="utf-8").startswith("ignore")


def test_the_example_in_docs_configuration_md_is_valid(repo: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = docs.split("```toml\n")[1].split("```")[0]
    write(repo / "pyproject.toml", example)
    write(
        repo / "rules" / "province.yaml",
        "schema_version: 1\nextends: government\nid: province\nversion: '1'\n",
    )
    justice = settings_for(repo / "departments" / "justice" / "2023.txt")
    assert (justice.checklist, justice.profile, justice.fail_under) == (None, "department", 75)
    assert [s.rule for s in justice.ignore] == ["numbering-sequence", "emergency-response"]
    district = settings_for(repo / "jianghai.txt")
    assert district.checklist == "rules/province.yaml" and district.select is not None
    doc = check_file(repo / "jianghai.txt")
    assert doc.checklist_id == "province" and len(doc.findings) == 4


def test_a_pyproject_read_once_is_read_again_when_it_changes(repo: Path) -> None:
    """Whether pyproject.toml has a [tool.compliance] table is remembered per file version."""
    report = write(repo / "r.txt", SEED.read_text(encoding="utf-8"))
    pyproject = write(repo / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(report) is None
    assert find_config(report) is None
    write(pyproject, '[project]\nname = "x"\n\n[tool.compliance]\nfail_under = 80\n')
    assert find_config(report) == "pyproject.toml"
    write(pyproject, '[project]\nname = "y"\n')
    assert find_config(report) is None


@pytest.mark.parametrize(
    "text",
    [
        '[tool."\\u0063ompliance"]\nfail_under = 80\n',  # an escaped key: found by the parser
        "[tool]\ncompliance = { fail_under = 80 }\n",
        "tool.compliance.fail_under = 80\n",
    ],
)
def test_every_way_of_writing_the_table_is_found(repo: Path, text: str) -> None:
    report = write(repo / "r.txt", SEED.read_text(encoding="utf-8"))
    write(repo / "pyproject.toml", text)
    assert find_config(report) == "pyproject.toml"
    assert load_config("pyproject.toml").base.fail_under == 80


def test_a_pyproject_that_cannot_name_the_table_is_not_parsed(tmp_path: Path) -> None:
    """No "compliance" and no escape in it: passed over without the TOML parser (even when it is
    not valid TOML, as a pyproject.toml that is not TOML is passed over anyway)."""
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nline-length = 110\n[[[\n')
    code = (
        "import sys\n"
        "from compliance.settings.config import find_config\n"
        "print(find_config(sys.argv[1]), 'tomllib' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "r.txt")], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["None", "False"]


def test_a_configuration_that_is_not_utf8_is_one_clear_error(repo: Path) -> None:
    report = write(repo / "r.txt", SEED.read_text(encoding="utf-8"))
    (repo / ".compliance.toml").write_bytes(b"fail_under = 80\n# \xff\xfe\n")
    with pytest.raises(
        UsageError, match=r"^\.compliance\.toml: 配置错误：不是有效的 TOML（应为 UTF-8 编码）$"
    ):
        settings_for(report)
    (repo / ".compliance.toml").unlink()
    (repo / "pyproject.toml").write_bytes(b"[tool.compliance]\nfail_under = 80\n# \xff\xfe\n")
    assert find_config(report) is None  # a pyproject.toml that is not TOML is passed over


def test_a_batch_looks_each_folders_configuration_up_once(repo: Path) -> None:
    """Inside configurations_remembered (the check command) a folder's configuration is the one it
    had when first looked up; outside it every look-up reads the folders again."""
    report = write(repo / "r.txt", SEED.read_text(encoding="utf-8"))
    other = write(repo / "sub" / "r.txt", SEED.read_text(encoding="utf-8"))
    with configurations_remembered():
        assert find_config(report) is None
        write(repo / ".compliance.toml", "fail_under = 80\n")
        assert find_config(report) is None  # remembered for this folder
        assert find_config(other) == ".compliance.toml"  # another folder: looked up now
        with configurations_remembered():  # nested: the same memory
            assert find_config(report) is None
    assert find_config(report) == ".compliance.toml"


def test_a_linked_report_takes_the_configuration_of_the_folder_it_is_in(repo: Path) -> None:
    """A link to a report elsewhere, checked in a batch: the configuration is the target folder's,
    as outside a batch (resolved, not remembered by the link's folder)."""
    write(repo / "departments" / ".compliance.toml", "fail_under = 80\n")
    (repo / "linked.txt").symlink_to(repo / "departments" / "justice" / "2023.txt")
    plain = write(repo / "plain.txt", SEED.read_text(encoding="utf-8"))
    with configurations_remembered():
        assert find_config(repo / "linked.txt") == "departments/.compliance.toml"
        assert find_config(plain) is None
        assert find_config(repo / "departments" / "justice" / ".." / "justice" / "2023.txt") == (
            "departments/.compliance.toml"
        )
    assert find_config(repo / "linked.txt") == "departments/.compliance.toml"
