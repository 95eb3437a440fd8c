"""The department's own field, named in its issuer, masked before classifying its headings.

In a report of 某某应急管理局 or 某某审计局, 应急管理 and 审计 are the department's business (「统筹推进
应急管理法规制度体系建设」 is about its rules), not the task area that lists the same word: a reviewer
reads past the field to what the heading says about it. Only a department's name (ending in 局, 部, 厅,
委 …) names a field: from a vocabulary term it holds on (市场监督管理局 → 监督管理, so 「行政执法监督」
keeps its 监督), else what follows the place (某某县教育局 → 教育). A field that is a term is masked only
where it qualifies another term (「推进应急管理机构改革」 is read as written); a field that is no term
only leaks through shared characters (教育 → 宣传教育) and is always masked — but never inside a longer
term that holds it (法治宣传教育 stays 普法)."""

from __future__ import annotations

import re

from compliance.classify.index import VocabularyIndex
from compliance.simplified import to_simplified

DEPARTMENT = re.compile(r"(局|部|厅|委员会|委|署)$")  # the endings of a department's name (not 人民政府)
# The place before a department's field (广东省, 某某县, 浦东新区; 市场 is no 市).
PLACE = re.compile(r"^(?:中共)?(?:.*?(?:省|自治区|自治州|市(?!场)|州|盟|新区|区|县|旗))*")
MIN_FIELD = 2  # a one-character remainder (水务局 → 水务 is two) is a fragment, not a field
MASK = "〇"  # stands in for the field's characters: keeps the clause apart, matches no term


def own_field(issuer: str | None, index: VocabularyIndex) -> str:
    """The field the issuing department's name holds ("应急管理部" → "应急管理"), or ""."""
    if not issuer:
        return ""
    name = to_simplified(issuer).split()[-1]  # a joint issuer line ends with the reporting body
    suffix = DEPARTMENT.search(name)
    if suffix is None:
        return ""
    stem = name[: suffix.start()]
    starts = [stem.find(t.text) for terms in index.claimed_terms(stem).values() for t in terms]
    starts = [s for s in starts if s >= 0]
    if starts:
        return stem[min(starts) :]
    rest = PLACE.sub("", stem)  # 某某县教育局 → 教育: a field that is no term, but leans to an area
    return rest if len(rest) >= MIN_FIELD and any(index.evidence(rest).values()) else ""


def masked(text: str, field: str, index: VocabularyIndex) -> str:
    """`text` with the department's field masked (simplified when it holds the field, else as is)."""
    if not field:
        return text
    folded = to_simplified(text)
    if field not in folded:
        return text
    # Where the field is part of a longer phrase (教育 in 法治宣传教育), the phrase is kept.
    longer = {t.text for terms in index.terms.values() for _, t in terms if field in t.text != field}
    kept = sorted((p for p in longer if p in folded), key=len, reverse=True)
    pieces = re.split("(" + "|".join(map(re.escape, kept)) + ")", folded) if kept else [folded]
    return "".join(p if p in kept else p.replace(field, MASK * len(field)) for p in pieces)


def read_past_field(title: str, body: str, field: str, index: VocabularyIndex) -> tuple[str, str]:
    """A heading and its body with the field masked, when the field only qualifies what the heading
    is about: the rest holds a programme term whole (「应急管理法规制度体系」: 制度体系). A heading whose
    subject is the field itself (「推进应急管理机构改革」) is read as written."""
    title_masked = masked(title, field, index)
    if title_masked == title:
        return title, body
    if any(index.claimed_terms(field).values()) and not any(index.claimed_terms(title_masked).values()):
        return title, body
    return title_masked, masked(body, field, index)
