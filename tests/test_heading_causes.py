"""General causes of heading misses on real reports, each with hand-written headings and bodies (not
taken from any corpus): shared words that make no lean nor a closest heading, a stray word under a
heading, whole terms that settle a lean, terms inside shared phrases, a sub-heading restating its
part, consecutive achievements headings, an area heading before the achievements, an excerpt that
stops at a heading."""

from __future__ import annotations

from compliance import Document, DocumentReport, evaluate, load_checklist
from compliance.classify.explain import classify_one
from compliance.classify.scoring import AGREE_FLOOR
from compliance.reading.loader import text_blocks
from compliance.structure.outline import recover_structure

CHECKLIST = load_checklist("department")
AREAS = {spec.id for spec in CHECKLIST.section_specs if spec.role == "area"}


def check_text(text: str) -> DocumentReport:
    return evaluate(Document("t.txt", "text", text_blocks(text)), CHECKLIST)


def outline(report: DocumentReport) -> dict[str, str | None]:
    return {o.text: o.section for o in report.outline}


def classified(heading: str, body: str = "", year: int = 2023) -> tuple[str | None, dict[str, float]]:
    found = classify_one(CHECKLIST.section_specs, CHECKLIST.vocabulary, heading, body, year)
    return found.section, {row.id: row.score for row in found.rows}


def test_shared_words_alone_make_no_lean_to_an_area() -> None:
    # Like 「数字法治政府建设」 or 「加强党对法治政府建设的领导」 only by 法治政府建设, a shared phrase.
    for heading in ("法治政府建设迈出坚实步伐", "法治政府建设跑出加速度"):
        section, scores = classified(heading)
        assert section is None
        assert max(scores[a] for a in AREAS) < AGREE_FLOOR, (heading, scores)


def test_a_heading_about_all_tasks_is_given_no_area_by_shared_words() -> None:
    assert classified("扎实推进法治政府建设各项任务")[0] is None


def test_a_stray_word_under_a_theme_does_not_pick_between_close_areas() -> None:
    # 「履行…职责」 leans to 政府职能 and to the 第一责任人职责 alike; a line on the department's own
    # planning work (one weak word) does not decide between them. (A guard of the shared-word rule:
    # with the fuzzy likeness of shared words gone, such a line was all that was left to decide.)
    for body in ("坚持规划先行。", "完成规划编制。"):
        assert classified("全面履行部门职责", body)[0] is None, body


def test_a_whole_programme_term_settles_a_lean_below_the_floor() -> None:
    # 依法行政能力: 纲要 2021 (三十四) 全面加强依法行政能力建设; 2015 task 七.
    body = "局领导班子带头述法，落实领导干部学法制度，全年会前学法10次。"
    assert classified("依法行政能力持续增强", body)[0] == "legal-awareness"
    assert classified("依法行政能力明显增强", "")[0] == "legal-awareness"


def test_a_term_inside_a_shared_phrase_is_not_found_whole() -> None:
    # 决策 is a decision-making term, but inside 决策部署 (the centre's decisions and plans) it is not.
    for heading in ("坚决贯彻落实省委省政府决策部署", "认真贯彻落实上级决策部署"):
        assert classified(heading)[0] != "decision-making", heading
    assert classified("严格落实重大行政决策程序")[0] == "decision-making"


def test_a_sub_heading_restating_the_leaders_duty_part_is_that_part() -> None:
    heading = "（一）认真履行第一责任人职责"
    report = check_text(
        "某局2023年法治政府建设情况报告\n"
        "一、党政主要负责人履行推进法治建设第一责任人职责情况\n"
        f"{heading}。局主要负责同志主持召开局务会议4次专题研究法治工作，带头述法。\n"
        "（二）深入学习贯彻习近平法治思想。局党组理论学习中心组开展专题学习6次。\n"
        "二、主要举措和成效\n（一）深化“放管服”改革。编制权责清单，推行告知承诺制。\n"
        "三、存在的不足和原因\n基层力量薄弱，原因是人员不足。\n四、2024年工作安排\n继续推进各项工作。"
    )
    sections = outline(report)
    assert sections[heading] == "leader-duty"
    assert sections["（二）深入学习贯彻习近平法治思想"] == "party-leadership"


def test_consecutive_achievements_headings_all_count_and_the_part_is_found() -> None:
    report = check_text(
        "某局2023年法治政府建设情况报告\n"
        "一、工作总结\n2023年，我局坚持以习近平法治思想为指导，法治政府建设取得新成效。\n"
        "二、2023年工作完成情况\n"
        "（一）深化“放管服”改革。编制权责清单，推行告知承诺制，行政许可事项全部网上办理。\n"
        "（二）严格规范公正文明执法。全面落实行政执法三项制度，开展案卷评查2次。\n"
        "三、存在的不足和原因\n基层力量薄弱，原因是人员不足。\n四、2024年工作安排\n继续推进各项工作。"
    )
    assert outline(report)["二、2023年工作完成情况"] == "achievements"
    assert report.section("achievements").status == "heading"


def test_a_numbered_area_heading_before_the_achievements_part_is_read_for_its_area() -> None:
    heading = "一、深入学习贯彻习近平法治思想"
    report = check_text(
        "某局2023年法治政府建设情况报告\n"
        f"{heading}\n局党组理论学习中心组专题学习习近平法治思想6次，举办专题读书班1期。\n"
        "二、法治政府建设情况\n（一）深化“放管服”改革。编制权责清单，推行告知承诺制。\n"
        "三、存在的不足和原因\n基层力量薄弱，原因是人员不足。\n四、2024年工作安排\n继续推进各项工作。"
    )
    assert outline(report)[heading] == "party-leadership"


def test_an_unnumbered_line_before_the_achievements_part_is_given_no_area() -> None:
    # A banner or a repeated title there is no area heading, whatever the paragraph under it says.
    banner = "学思践悟 笃行致远"
    report = check_text(
        f"某局2023年法治政府建设情况报告\n{banner}\n"
        "局党组理论学习中心组专题学习习近平法治思想6次，落实领导干部学法制度，局主要负责同志带头述法。\n"
        "一、主要举措和成效\n（一）深化“放管服”改革。编制权责清单，推行告知承诺制。\n"
    )
    assert banner in outline(report)
    assert outline(report)[banner] is None


def test_a_numbered_last_line_is_a_heading_not_a_closing_signature() -> None:
    # A page excerpt that stops just after a run-in heading: 「……。局」 looks like an issuer's name.
    text = (
        "某局2023年法治政府建设情况报告\n一、主要举措和成效\n"
        "（一）深化“放管服”改革。编制权责清单，推行告知承诺制。\n（二）加强法治宣传教育。局"
    )
    titles = [h.title for h in recover_structure(Document("t.txt", "text", text_blocks(text))).headings]
    assert "加强法治宣传教育" in titles


def test_no_heading_is_offered_as_closest_to_an_area_only_by_shared_words() -> None:
    # 「一、2023年法治政府建设主要举措和成效」 is like 「数字法治政府建设」 only by 法治政府建设.
    report = check_text(
        "某局2023年法治政府建设情况报告\n一、2023年法治政府建设主要举措和成效\n"
        "（一）深化“放管服”改革。编制权责清单，推行告知承诺制。\n"
        "（二）严格规范公正文明执法。全面落实行政执法三项制度，开展案卷评查2次。\n"
        "二、存在的不足和原因\n基层力量薄弱，原因是人员不足。\n三、2024年工作安排\n继续推进各项工作。"
    )
    digital = report.section("digital-government")
    assert digital.status == "missing"
    assert digital.closest is None


def test_items_of_the_shortcomings_part_are_that_part() -> None:
    # Problems listed as numbered items name areas (普法, 执法) but report no achievement of them.
    items = ("（一）法治宣传教育针对性不强，群众参与度不高", "（二）执法人员数量不足，专业素质有待提升")
    report = check_text(
        "某镇2023年法治政府建设情况报告\n一、主要举措和成效\n"
        "（一）深化“放管服”改革。编制权责清单，推行告知承诺制。\n"
        "二、存在的不足和原因\n"
        f"{items[0]}。\n{items[1]}。\n"
        "三、2024年工作安排\n继续推进各项工作。"
    )
    sections = outline(report)
    for item in items:
        assert sections[item] == "shortcomings", (item, sections[item])


def test_a_sub_heading_naming_no_area_reads_as_its_area_heading() -> None:
    item = "1.为市场主体办实事"
    report = check_text(
        "某县2023年法治政府建设情况报告\n一、主要举措和成效\n"
        "（一）深化“放管服”改革，依法全面履行政府职能\n"
        f"{item}\n全年走访企业120家，帮助解决困难46个。\n"
        "2.推行政务服务“一网通办”\n全县政务服务事项全部网上可办。\n"
        "二、存在的不足和原因\n基层力量薄弱，原因是人员不足。\n三、2024年工作安排\n继续推进各项工作。"
    )
    assert outline(report)[item] == "government-functions"


def test_a_departments_own_field_qualifying_a_programme_term_is_read_past() -> None:
    # In an 应急管理局's report 应急管理 is its business: 「……应急管理规章制度体系」 is about its rules.
    heading = "（一）健全应急管理规章制度体系"
    body = "修订本局应急管理工作规则，清理不适应的规范性文件3件。"

    def sections(issuer: str) -> dict[str, str | None]:
        return outline(
            check_text(
                f"{issuer}2023年法治政府建设情况报告\n一、主要举措和成效\n{heading}\n{body}\n"
                "（二）推行行政执法三项制度\n全面落实行政执法公示制度。\n"
                "二、存在的不足和原因\n基层力量薄弱，原因是人员不足。\n三、2024年工作安排\n继续推进各项工作。"
            )
        )

    assert sections("某县应急管理局")[heading] == "rule-system"
    # Where 应急管理 is not the issuer's field, the heading still leans to the emergency area.
    assert sections("某县人民政府")[heading] != "rule-system"


def test_a_departments_own_field_that_is_no_term_does_not_lean_to_an_area() -> None:
    # 教育 is an 教育局's business, not 普法 (法治宣传教育); the 普法 heading keeps its whole term.
    duty, awareness = "（一）依法履行教育职责，规范行政行为", "（二）深入开展法治宣传教育"
    report = check_text(
        f"某县教育局2023年法治政府建设情况报告\n一、主要举措和成效\n{duty}\n"
        "全面贯彻党的教育方针，落实教育法律法规，加强教育督导，推进教育公平，开展教育培训。\n"
        f"{awareness}\n开展宪法宣传周活动，组织师生参加普法考试。\n"
        "二、存在的不足和原因\n基层力量薄弱，原因是人员不足。\n三、2024年工作安排\n继续推进各项工作。"
    )
    sections = outline(report)
    assert sections[duty] != "legal-awareness"
    assert sections[awareness] == "legal-awareness"
