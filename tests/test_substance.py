"""The substance checks on real reports: the plan answers the shortcomings, last year's plan traced
(--previous, --history, .txt and .docx alike), publication date, 密级 marks, concrete 第一责任人 acts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from compliance.cli.main import main
from compliance.pipeline.check import check_file
from compliance.report.model import DocumentReport, Finding
from helpers import SAMPLES
from report_docx import numbered_docx

SEED = SAMPLES / "jianghai-2022.txt"
PLAN_DECISIONS = "(二)切实提升科学、民主、依法决策水平。"

# A 2023 report of the seed's issuer, written for this test: its achievements report on the seed's
# 2023 measures (二) 决策, (四) 执法 and (七) 普法, and on none of (一) 学习宣传习近平法治思想,
# (三) 营商环境, (五) 人大监督/复议/出庭应诉, (六) 枫桥经验/人民调解.
REPORT_2023 = """江门市江海区2023年法治政府建设年度报告
2023年，江海区深入推进法治政府建设，现将有关情况报告如下。
一、2023年法治政府建设的主要举措和成效
（一）依法科学民主决策
制定2023年重大行政决策事项目录，3项重大行政决策均履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。全年审核规范性文件12件。
（二）严格规范公正文明执法
全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，开展街道综合行政执法案卷评查2次。
（三）普法宣传
落实“谁执法谁普法”普法责任制，开展国家机关“谁执法谁普法”年度履职报告评议，18个单位参加评议。
二、党政主要负责人履行推进法治建设第一责任人职责情况
区长主持召开常务会议专题研究法治政府建设3次，年终述法1次。
三、存在的不足和原因
一些部门对重大行政决策事项范围的认识不准确，公众参与和专家论证程序履行不够规范。原因是部门法治工作力量不足。
四、2024年工作安排
（一）规范重大行政决策程序，组织公众参与和专家论证专题培训。
江门市江海区人民政府
二〇二四年三月十五日
"""
EXPECTED = [
    "not-reported",
    "reported",
    "not-reported",
    "reported",
    "not-reported",
    "not-reported",
    "reported",
]


def line_of(text: str, start: str) -> int:
    """The paragraph number (1-based line) of the line of `text` that starts with `start`."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


def finding(report: DocumentReport, rule: str) -> Finding:
    return next(f for f in report.findings if f.rule == rule)


def test_the_seed_answers_both_shortcomings_and_names_the_pairs() -> None:
    report = check_file(SEED, None)
    answers = finding(report, "plan-answers-shortcomings")
    assert answers.status == "pass", answers.message
    pairs = [(p.shortcoming.text[:8], p.measure.text[:6] if p.measure else None) for p in answers.pairs]
    assert pairs == [("如个别部门对法治", "深入学习宣传"), ("一些部门对重大行", "切实提升科学")]
    assert all(p.score > 0 and p.measure and p.measure.paragraph for p in answers.pairs)
    assert "深入学习宣传" in answers.message and "切实提升科学" in answers.message
    date = finding(report, "publication-date")
    assert date.status == "skip" and "没有落款日期" in date.message and "不作推测" in date.message
    assert finding(report, "no-classification-marks").status == "pass"
    leader = finding(report, "leader-duty-specific")
    assert leader.status == "fail" and "主持会议" in leader.message and "述法" in leader.message
    assert finding(report, "plan-follow-through").status == "skip"  # no previous report given


def test_removing_the_decision_measure_leaves_the_second_shortcoming_unanswered(tmp_path: Path) -> None:
    text = "\n".join(
        line for line in SEED.read_text(encoding="utf-8").splitlines() if PLAN_DECISIONS not in line
    )
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    answers = finding(check_file(tmp_path / "r.txt", None), "plan-answers-shortcomings")
    assert answers.status == "fail"
    assert "重大行政决策" in answers.message and "重视不够" not in answers.message
    assert [p.measure is None for p in answers.pairs] == [False, True]


def test_json_carries_the_pairs_and_the_follow_through(tmp_path: Path) -> None:
    (tmp_path / "2023.txt").write_text(REPORT_2023, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "2023.txt"), "--previous", str(SEED), "-f", "json"]
    )
    doc = json.loads(result.stdout)["documents"][0]
    trace = doc["follow_through"]
    assert trace["previous"] == str(SEED) and trace["previous_year"] == 2022
    assert [i["status"] for i in trace["items"]] == EXPECTED
    for item in trace["items"]:
        assert item["paragraph"] > 0 and item["text"]
        evidence = item["evidence"]
        assert (evidence is None) == (item["status"] == "not-reported")
        if evidence:
            assert evidence["paragraph"] > 0 and evidence["text"] and evidence["score"] >= 0.3
    repeated = line_of(REPORT_2023, "一些部门对重大行政决策")  # the same 决策 problem as in 2022
    assert [r["paragraph"] for r in trace["repeated_shortcomings"]] == [repeated]
    follow = next(f for f in doc["findings"] if f["rule"] == "plan-follow-through")
    assert follow["status"] == "fail" and "4项本年度未见落实情况" in follow["message"]
    pairs = next(f for f in doc["findings"] if f["rule"] == "plan-answers-shortcomings")["pairs"]
    assert pairs[0]["measure"]["paragraph"] == line_of(REPORT_2023, "（一）规范重大行政决策程序")
    assert pairs[0]["shortcoming"]["paragraph"] == repeated and pairs[0]["score"] > 0
    date = next(f for f in doc["findings"] if f["rule"] == "publication-date")
    assert date["status"] == "pass" and "2024年3月15日" in date["message"]
    assert next(f for f in doc["findings"] if f["rule"] == "leader-duty-specific")["status"] == "pass"


def test_the_same_pair_as_word_documents_gives_the_same_trace(tmp_path: Path) -> None:
    this_year = numbered_docx(REPORT_2023, tmp_path / "2023.docx")
    last_year = numbered_docx(SEED.read_text(encoding="utf-8"), tmp_path / "2022.docx")
    from_docx = check_file(this_year, None, previous=last_year).follow_through
    from_text = check_file(tmp_path / "2023.docx", None, previous=SEED).follow_through
    assert from_docx is not None and from_text is not None
    assert [i.status for i in from_docx.items] == EXPECTED == [i.status for i in from_text.items]
    assert [i.evidence.paragraph if i.evidence else None for i in from_docx.items] == [
        i.evidence.paragraph if i.evidence else None for i in from_text.items
    ]
    assert len(from_docx.repeated) == 1


def test_the_shipped_samples_show_the_trace_in_every_format() -> None:
    args = ["check", str(SAMPLES / "jianghai-2023.docx"), "--previous", str(SAMPLES / "jianghai-2022.docx")]
    for fmt, marks in (
        ("terminal", ["上一年度安排的落实情况", "未见落实情况", "已报告落实", "与上一年度相同的不足"]),
        ("markdown", ["## 上一年度安排的落实情况", "| 上一年度安排 | 落实情况 | 本年度报告中的依据 |"]),
        ("html", ['<section class="trace">', "<th>本年度报告中的依据</th>", 'class="not-reported"']),
    ):
        result = CliRunner().invoke(main, [*args, "-f", fmt])
        assert result.exit_code == 0, result.output
        for mark in marks:
            assert mark in result.stdout, (fmt, mark)


def test_the_library_takes_last_years_report_too() -> None:
    import compliance
    from compliance.errors import DocumentError

    report = compliance.check(SAMPLES / "jianghai-2023.txt", previous=SEED)
    trace = report.documents[0].follow_through
    assert trace is not None and trace.previous_year == 2022
    assert [i.status for i in trace.items].count("not-reported") == 2
    try:
        compliance.check(SEED, previous=SAMPLES / "jianghai-2023.txt")
    except DocumentError as err:
        assert "应提供2021年度的报告" in err.cause
    else:
        raise AssertionError("a previous report of the wrong year must raise")


def test_a_previous_report_of_the_wrong_year_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["check", str(SEED), "--previous", str(SAMPLES / "jianghai-2023.txt")])
    assert result.exit_code == 2
    assert "是2023年度的报告，本报告为2022年度，应提供2021年度的报告" in result.stderr
    assert "Traceback" not in result.output


def test_previous_is_for_one_report_and_history_for_a_batch() -> None:
    result = CliRunner().invoke(
        main, ["check", str(SEED), str(SAMPLES / "good-2022.txt"), "--previous", str(SEED)]
    )
    assert result.exit_code == 2 and "--history" in result.stderr


def test_a_batch_with_history_pairs_reports_by_issuer_and_year(tmp_path: Path) -> None:
    reports, history = tmp_path / "2023", tmp_path / "history"
    reports.mkdir()
    history.mkdir()
    (reports / "jianghai.txt").write_text(REPORT_2023, encoding="utf-8")
    other = REPORT_2023.replace("江门市江海区", "江门市蓬江区")
    (reports / "pengjiang.txt").write_text(other, encoding="utf-8")
    (reports / "xinhui.txt").write_text(REPORT_2023.replace("江门市江海区", "江门市新会区"), encoding="utf-8")
    shutil.copy(SEED, history / "a-jianghai-2022.txt")
    seed = SEED.read_text(encoding="utf-8")
    (history / "b-pengjiang-2022.txt").write_text(seed.replace("江海区", "蓬江区"), encoding="utf-8")
    (history / "c-pengjiang-2021.txt").write_text(
        seed.replace("江海区", "蓬江区").replace("2022年", "2021年"), encoding="utf-8"
    )
    (history / "d-xinhui-2021.txt").write_text(  # 新会区 has only an older report: no pair
        seed.replace("江海区", "新会区").replace("2022年", "2021年"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["check", str(reports), "--history", str(history), "-f", "json", "-j", "2"]
    )
    docs = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    assert docs["jianghai.txt"]["follow_through"]["previous"] == str(history / "a-jianghai-2022.txt")
    assert docs["pengjiang.txt"]["follow_through"]["previous"] == str(history / "b-pengjiang-2022.txt")
    assert "follow_through" not in docs["xinhui.txt"]
    statuses = [i["status"] for i in docs["pengjiang.txt"]["follow_through"]["items"]]
    assert statuses == EXPECTED


def test_publication_dates_in_chinese_numerals_and_a_provincial_deadline(tmp_path: Path) -> None:
    late = REPORT_2023.replace("二〇二四年三月十五日", "二〇二四年四月二日")
    (tmp_path / "late.txt").write_text(late, encoding="utf-8")
    date = finding(check_file(tmp_path / "late.txt", None), "publication-date")
    assert date.status == "fail" and "2024年4月2日" in date.message and "第二十四条" in date.message
    (tmp_path / "on-time.txt").write_text(REPORT_2023, encoding="utf-8")
    province = tmp_path / "province.yaml"
    province.write_text(
        "schema_version: 1\nextends: government\nid: province\nversion: '1'\nitems:\n"
        "  - id: publication-date\n    params: {before: '03-01', rule: 本省年度报告工作指引（省级规定）}\n"
        "    basis: {source: 本省法治政府建设年度报告工作指引（省级规定）, article: '', confidence: UNVERIFIED}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "on-time.txt"), "-c", str(province), "-f", "json"]
    )
    doc = json.loads(result.stdout)["documents"][0]
    date_json = next(f for f in doc["findings"] if f["rule"] == "publication-date")
    assert date_json["status"] == "fail" and "2024年3月1日之前" in date_json["message"]
    assert "省级规定" in date_json["message"] and "省级规定" in date_json["basis"]["source"]


def test_a_classification_mark_in_the_header_is_pointed_at(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("机密★1年\n" + REPORT_2023, encoding="utf-8")
    marks = finding(check_file(tmp_path / "secret.txt", None), "no-classification-marks")
    assert marks.status == "fail" and marks.paragraph == 1 and marks.evidence and "机密" in marks.evidence
    body = REPORT_2023.replace("年终述法1次。", "年终述法1次。严格执行保密制度，密件按机密★管理。")
    (tmp_path / "body.txt").write_text(body, encoding="utf-8")
    assert finding(check_file(tmp_path / "body.txt", None), "no-classification-marks").status == "pass"
