"""The seed report (江门市江海区 2022): its expected results, in every form it arrives in."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance import DocumentReport, check_document, load_checklist
from helpers import FIXTURES, SAMPLES, SEED_TXT

AREAS = (
    "party-leadership",
    "government-functions",
    "decision-making",
    "law-enforcement",
    "power-oversight",
    "legal-awareness",
    "dispute-resolution",
)
CHECKLIST = load_checklist()


def run(path: Path) -> DocumentReport:
    result = check_document(path, CHECKLIST)
    assert result.error is None, result.error
    return result


def sections(result: DocumentReport) -> list[tuple[str, str, str | None]]:
    return [(s.id, s.status, s.heading) for s in result.sections]


def test_seed_results() -> None:
    result = run(SEED_TXT)
    assert result.title == "江门市江海区2022年法治政府建设年度报告"
    assert result.issuer == "江门市江海区"
    assert result.report_year == 2022
    for section_id in ("achievements", "shortcomings", "next-year", *AREAS):
        section = result.section(section_id)
        assert section is not None and section.status == "heading", section_id
    assert result.section("achievements").paragraph == 3  # type: ignore[union-attr]
    assert result.section("shortcomings").heading == "二、存在的不足"  # type: ignore[union-attr]
    assert result.section("next-year").heading == "三、2023年重点工作"  # type: ignore[union-attr]
    failed = {f.rule for f in result.failures}
    assert "shortcoming-reasons" in failed
    assert "plan-year" not in failed
    assert not result.passed
    reasons = next(f for f in result.findings if f.rule == "shortcoming-reasons")
    assert reasons.paragraph == 30
    assert reasons.severity == "error"
    assert "督察工作规定" in reasons.basis.source


@pytest.mark.parametrize(
    "name",
    ["seed-word-numbering.docx", "seed-libreoffice-resaved.docx", "seed-heading-styles.docx"],
)
def test_docx_forms_give_the_same_sections_as_the_text(name: str) -> None:
    """Word automatic numbering (no typed numbers), LibreOffice's rewrite of it, heading styles."""
    text = run(SEED_TXT)
    docx = run(FIXTURES / name)
    assert [(s.id, s.status, s.paragraph) for s in docx.sections] == [
        (s.id, s.status, s.paragraph) for s in text.sections
    ]
    assert docx.score == text.score
    assert docx.title == text.title


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encodings_give_the_same_result(tmp_path: Path, encoding: str) -> None:
    copy = tmp_path / f"seed-{encoding}.txt"
    copy.write_bytes(SEED_TXT.read_text(encoding="utf-8").encode(encoding))
    assert run(copy).to_dict() | {"path": None} == run(SEED_TXT).to_dict() | {"path": None}


def test_full_width_punctuation_gives_the_same_sections(tmp_path: Path) -> None:
    text = SEED_TXT.read_text(encoding="utf-8")
    full = text.translate(str.maketrans({",": "，", "(": "（", ")": "）", ";": "；", ":": "："}))
    copy = tmp_path / "seed-full-width.txt"
    copy.write_text(full, encoding="utf-8")
    assert sections(run(copy)) == [
        (
            sid,
            status,
            heading.translate(str.maketrans({",": "，", "(": "（", ")": "）"})) if heading else None,
        )
        for sid, status, heading in sections(run(SEED_TXT))
    ]


def test_samples_say_what_samples_readme_promises() -> None:
    expectations = {
        "jianghai-2022.docx": (
            False,
            {"shortcoming-reasons", "leader-duty-own-part", "leader-duty-specific"},
        ),
        "jianghai-2022.txt": (False, {"shortcoming-reasons", "leader-duty-own-part", "leader-duty-specific"}),
        "jianghai-2023.docx": (True, {"government-functions", "power-oversight"}),
        "jianghai-2023.txt": (True, {"government-functions", "power-oversight"}),
        "good-2022.txt": (True, set()),
        "flawed-no-shortcomings.txt": (False, {"shortcomings"}),
        "flawed-plan-year.txt": (False, {"plan-year", "numbering-sequence"}),
        "flawed-no-title-gbk.txt": (False, {"title-format", "achievement-figures"}),
    }
    assert sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".docx", ".txt")) == sorted(expectations)
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name, (passed, must_fail) in expectations.items():
        result = run(SAMPLES / name)
        assert result.passed is passed, name
        assert must_fail <= {f.rule for f in result.failures}, name
        assert name in readme
        for rule in must_fail:
            assert rule in readme, (name, rule)
