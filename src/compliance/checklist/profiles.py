"""Profiles: which kind of report a document is (a government's or a department's), and its checklist.

A profile is a shipped checklist for one kind of report: `government` (county, city, province,
township) and `department` (司法局, 教育局…, which extends government). The profile is given
(`--profile`, the configuration) or inferred from the report's issuer, title or wording; the reason
is kept so that the output can say why a document was checked as it was.
"""

from __future__ import annotations

import re

from compliance.checklist.validation import PROFILES
from compliance.records import Record
from compliance.structure.outline import Structure

__all__ = ["PROFILES", "Inference", "checklist_label", "infer_profile", "issuer_profile", "profile_label"]

LABELS = {"government": "政府报告", "department": "部门报告"}
# What an issuer's name ends with (suffixes for str.endswith: as regular expressions, compiling them
# cost more than the one issuer they are tested on). Government is tested first: a party committee
# (县委) ends in 委 like a department's 卫健委; "人民政府办公室" is a department though it holds 人民政府.
_LEVELS = (
    ("省级", ("省", "自治区")),
    ("市级", ("市", "州", "盟")),
    ("县级", ("县", "区", "旗")),
    ("乡镇", ("镇", "乡", "街道", "街道办事处")),
)
_GOVERNMENT_WORDS = ("人民政府", "政府")  # cut off the issuer's last word before its level is read
_GOVERNMENT_ENDS = (
    *_GOVERNMENT_WORDS,
    *("省委", "市委", "县委", "区委", "州委", "盟委", "旗委", "镇委", "乡委", "党委"),
    *(end for _, ends in _LEVELS for end in ends),  # a place named bare: 某某县, 某某街道
)
_DEPARTMENT_ENDS = (
    *("局", "委员会", "委", "办公室", "办公厅", "办", "厅", "署", "中心", "院", "队", "管理处"),
    *("所", "站", "部"),
)
# Wording only a department uses about itself ("本局", "局党组"), for reports without an issuer.
_DEPARTMENT_WORDS = re.compile(r"本局|局党组|局领导班子|本委|委党组|本部门|本厅|厅党组|本办")
_TITLE_DEPARTMENT = re.compile(r"法治政府部门建设")


class Inference(Record, frozen=True):
    """A profile and, in Chinese, why it was chosen."""

    profile: str
    reason: str


def profile_label(profile: str | None) -> str:
    """ "部门报告（department）" for a known profile, the bare name otherwise."""
    if profile in LABELS:
        return f"{LABELS[profile]}（{profile}）"
    return profile or "未指定"


def checklist_label(checklist_id: str) -> str:
    """ "政府报告检查清单" for a shipped checklist (its id is its profile), the bare id otherwise."""
    return f"{LABELS[checklist_id]}检查清单" if checklist_id in LABELS else checklist_id


def _level(issuer: str) -> str:
    name = issuer.split()[-1] if issuer.split() else issuer
    name = next((name.removesuffix(word) for word in _GOVERNMENT_WORDS if name.endswith(word)), name)
    return next((label for label, ends in _LEVELS if name.endswith(ends)), "")


def issuer_profile(issuer: str) -> Inference | None:
    """The profile an issuer's name implies (人民政府 → government, 教育局 → department), or None."""
    issuer = issuer.strip()
    if issuer and issuer.endswith(_GOVERNMENT_ENDS):
        level = _level(issuer)
        scope = f"（{level}）" if level else ""
        return Inference("government", f"据报告主体“{issuer}”推断{scope}")
    if issuer and issuer.endswith(_DEPARTMENT_ENDS):
        return Inference("department", f"据报告主体“{issuer}”推断")
    return None


def infer_profile(structure: Structure) -> Inference:
    """The profile of a document from its issuer (or title), else from its wording; government
    when nothing says otherwise."""
    issuer = (structure.issuer or "").strip()
    by_issuer = issuer_profile(issuer)
    if by_issuer is not None:
        return by_issuer
    if structure.title and _TITLE_DEPARTMENT.search(structure.title):
        return Inference("department", "据标题中的“法治政府部门建设”推断")
    document = structure.document
    head = "\n".join(block.text for block in document.blocks[:40])
    word = _DEPARTMENT_WORDS.search(head)
    if word:
        return Inference("department", f"据正文中的“{word.group()}”推断")
    if issuer:
        return Inference("government", f"报告主体“{issuer}”未能归类，按政府报告检查")
    return Inference("government", "未能识别报告主体，按政府报告检查")
