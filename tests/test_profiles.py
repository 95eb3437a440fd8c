"""Profiles: government and department checklists, inference from the issuer, shown in every output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compliance import Document, load_checklist, load_document, recover_structure
from compliance.checklist.profiles import infer_profile
from compliance.cli.main import main
from compliance.pipeline.check import check_file
from compliance.reading.loader import text_blocks
from compliance.settings.config import Overrides
from helpers import CORPUS, SAMPLES

EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
GOVERNMENT, DEPARTMENT = load_checklist("government"), load_checklist("department")
AREAS = [i.id for i in GOVERNMENT.items if getattr(i.check, "role", None) == "area"]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_inferred_profile_matches_the_corpus_ground_truth(name: str) -> None:
    structure = recover_structure(load_document(CORPUS / name))
    assert infer_profile(structure).profile == EXPECTED[name]["profile"]


def test_corpus_has_both_kinds() -> None:
    assert {e["profile"] for e in EXPECTED.values()} == {"government", "department"}


@pytest.mark.parametrize(
    ("first_line", "profile", "reason"),
    [
        ("东岚市司法局关于2023年法治政府建设工作情况的报告", "department", "据报告主体“东岚市司法局”推断"),
        ("某市卫生健康委员会2023年法治政府建设情况报告", "department", "据报告主体“某市卫生健康委员会”推断"),
        ("某县人民政府办公室2023年法治政府建设情况报告", "department", "据报告主体“某县人民政府办公室”推断"),
        ("中共某县委 某县人民政府关于2023年法治政府建设情况的报告", "government", "（县级）"),
        ("某省人民政府关于2023年法治政府建设情况的报告", "government", "（省级）"),
        ("某市2023年法治政府建设年度报告", "government", "（市级）"),
        ("某某镇2023年法治政府建设情况报告", "government", "（乡镇）"),
    ],
)
def test_inference_from_the_title(first_line: str, profile: str, reason: str) -> None:
    text = f"{first_line}\n2023年，我们坚持依法行政。\n一、主要举措和成效\n召开会议3次。"
    inference = infer_profile(recover_structure(Document("x.txt", "text", text_blocks(text))))
    assert inference.profile == profile and reason in inference.reason


def test_a_department_without_title_or_signature_is_known_by_its_wording() -> None:
    text = "2023年，本局坚持依法行政，局党组专题研究法治工作3次。\n一、主要举措和成效\n召开会议3次。"
    inference = infer_profile(recover_structure(Document("x.txt", "text", text_blocks(text))))
    assert (inference.profile, inference.reason) == ("department", "据正文中的“本局”推断")
    text = "2023年，我们坚持依法行政。\n一、主要举措和成效\n召开会议3次。"
    inference = infer_profile(recover_structure(Document("x.txt", "text", text_blocks(text))))
    assert (inference.profile, inference.reason) == ("government", "未能识别报告主体，按政府报告检查")


def test_department_checklist_extends_government() -> None:
    assert DEPARTMENT.extends == ("government",) and DEPARTMENT.profile == "department"
    assert GOVERNMENT.profile == "government" and GOVERNMENT.extends == ()
    assert [i.id for i in DEPARTMENT.items] == [i.id for i in GOVERNMENT.items]
    # the five parts are required of departments too; area gaps are never errors
    for item in DEPARTMENT.items:
        if item.id in AREAS:
            assert item.severity in ("warning", "info")
        else:
            assert (item.severity, item.weight) == (
                GOVERNMENT.item(item.id).severity,
                GOVERNMENT.item(item.id).weight,
            )
    # areas a department may not have are hints there, warnings for a government
    for area in ("emergency-response", "rule-system", "government-functions", "dispute-resolution"):
        assert DEPARTMENT.item(area).severity == "info"
        assert (
            DEPARTMENT.item(area).weight < GOVERNMENT.item(area).weight
            or GOVERNMENT.item(area).severity == "info"
        )
    assert "主要负责人" in DEPARTMENT.item("leader-duty").title
    assert DEPARTMENT.item("leader-duty").check != GOVERNMENT.item("leader-duty").check  # its own wording
    assert DEPARTMENT.item("achievements") == GOVERNMENT.item("achievements")  # untouched items are the same


def test_a_justice_bureau_is_checked_as_a_department() -> None:
    path = CORPUS / "c10_department_justice_bureau_gongwen.txt"
    inferred = check_file(path)
    forced = check_file(path, Overrides(profile="government"))
    assert (inferred.profile, inferred.checklist_id) == ("department", "department")
    assert (forced.profile, forced.checklist_id) == ("government", "government")
    missing = {f.rule for f in inferred.failures}
    assert "government-functions" in missing  # 司法局 has no licensing duties: the gap is still shown…
    by_rule = {f.rule: f for f in inferred.findings}
    assert by_rule["government-functions"].severity == "info"  # …but only as a hint
    assert {f.rule: f for f in forced.findings}["government-functions"].severity == "warning"
    assert inferred.score > forced.score  # the same gaps weigh less for a department


def test_profile_is_shown_in_json_and_terminal(tmp_path: Path) -> None:
    code, out, _ = invoke("check", str(CORPUS / "c11_department_education_no_figures.txt"), "-f", "json")
    doc = json.loads(out)["documents"][0]
    assert (doc["profile"], doc["profile_reason"]) == ("department", "据报告主体“南麓区教育局”推断")
    assert doc["checklist"] == {"id": "department", "version": DEPARTMENT.version}
    code, out, _ = invoke("check", str(SAMPLES / "good-2022.txt"))
    assert code == 0 and "类型：政府报告（government），据报告主体“江门市江海区”推断（县级）" in out
    _, out, _ = invoke("check", str(SAMPLES / "good-2022.txt"), "--profile", "department", "-f", "json")
    doc = json.loads(out)["documents"][0]
    assert (doc["profile"], doc["profile_reason"]) == ("department", "由命令行 --profile 指定")
    _, out, _ = invoke("check", str(SAMPLES / "good-2022.txt"), "-c", "department", "-f", "json")
    doc = json.loads(out)["documents"][0]
    assert (doc["profile"], doc["profile_reason"]) == (
        "department",
        "由命令行 --checklist 指定的检查清单决定",
    )


def test_a_mixed_folder_gets_each_document_its_own_checklist(tmp_path: Path) -> None:
    for name in ("c01_five_parts_standard.txt", "c10_department_justice_bureau_gongwen.txt"):
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    code, out, _ = invoke("check", str(tmp_path), "-f", "json", "--isolated")
    report = json.loads(out)
    assert code == max(0 if d["passed"] else 1 for d in report["documents"])
    assert [d["checklist"]["id"] for d in report["documents"]] == ["government", "department"]
    assert report["checklist"]["id"] == "government"  # the run names the first document's
    _, out, _ = invoke("check", str(tmp_path), "--isolated")  # the terminal matrix says which differ
    assert "c10_department_justice_bureau_gongwen.txt：按部门报告（department）检查" in out.replace("\n", "")
    assert "c01_five_parts_standard.txt：按" not in out.replace("\n", "")


def test_profile_and_checklist_cannot_both_be_given() -> None:
    code, _, err = invoke("check", str(SAMPLES / "good-2022.txt"), "-p", "department", "-c", "government")
    assert code == 2 and "只能指定一个" in err


def _issuer_profile_by_pattern(issuer: str) -> tuple[str, str] | None:
    """issuer_profile as it was written with regular expressions: the suffix tuples must agree."""
    import re

    issuer = issuer.strip()
    government = r"(?:人民政府|政府|(?:省|市|县|区|州|盟|旗|镇|乡|党)委|(?:自治区|省|市|州|盟|县|区|旗|镇|乡|街道|街道办事处))$"
    department = r"(?:局|委员会|委|办公室|办公厅|办|厅|署|中心|院|队|管理处|所|站|部)$"
    levels = (
        ("省级", r"(?:省|自治区)$"),
        ("市级", r"(?:市|州|盟)$"),
        ("县级", r"(?:县|区|旗)$"),
        ("乡镇", r"(?:镇|乡|街道|街道办事处)$"),
    )
    if issuer and re.search(government, issuer):
        name = re.sub(r"(?:人民政府|政府)$", "", issuer.split()[-1] if issuer.split() else issuer)
        level = next((label for label, pattern in levels if re.search(pattern, name)), "")
        return "government", level
    if issuer and re.search(department, issuer):
        return "department", ""
    return None


def test_issuer_suffixes_agree_with_the_patterns_they_replace() -> None:
    from compliance.checklist.profiles import issuer_profile

    places = ["江门市江海区", "广东省", "新疆维吾尔自治区", "某某县", "某某镇", "某某街道", "内蒙古某某盟", "某某旗", ""]  # fmt: skip
    bodies = [
        "人民政府", "政府", "人民政府办公室", "司法局", "卫健委", "县委", "党委", "委员会", "街道办事处",
        "管理处", "政府政府", "人民政府 ", "办公厅", "法院", "中心", "某某", "党组", "大队", "派出所", "部",
    ]  # fmt: skip
    issuers = [f"{place}{body}" for place in places for body in bodies]
    issuers += [f"中共某某县委 {issuer}" for issuer in issuers] + ["  ", "\n江海区人民政府\n", "政府办"]
    issuers += [str(e.get("issuer", "")) for e in EXPECTED.values() if isinstance(e, dict)]
    for issuer in issuers:
        inferred = issuer_profile(issuer)
        expected = _issuer_profile_by_pattern(issuer)
        if expected is None:
            assert inferred is None, issuer
        else:
            assert inferred is not None, issuer
            level = f"（{expected[1]}）" if expected[1] else ""
            assert (inferred.profile, inferred.reason.endswith(f"推断{level}")) == (expected[0], True), issuer
