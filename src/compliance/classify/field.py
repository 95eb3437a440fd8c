"""The department's own field, named in its issuer, masked before classifying its headings.

In a report of 某某应急管理局 or 某某审计局, 应急管理 and 审计 are the department's business (「统筹推进
应急管理法规制度体系建设」 is about its rules), not the task area that lists the same word: a reviewer
reads past the field to what the heading says about it. Only a department's name (ending in 局, 部, 厅,
委 …) names a field, and only from a vocabulary term it holds on (市场监督管理局 → 监督管理, so 「行政
执法监督」 keeps its 监督)."""

from __future__ import annotations

import re

from compliance.classify.fold import to_simplified
from compliance.classify.index import VocabularyIndex

DEPARTMENT = re.compile(r"(局|部|厅|委员会|委|署)$")  # the endings of a department's name (not 人民政府)
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
    return stem[min(starts) :] if starts else ""


def masked(text: str, field: str) -> str:
    """`text` with the department's field masked (simplified when it holds the field, else as is)."""
    if not field:
        return text
    folded = to_simplified(text)
    return folded.replace(field, MASK * len(field)) if field in folded else text


def read_past_field(title: str, body: str, field: str, index: VocabularyIndex) -> tuple[str, str]:
    """A heading and its body with the field masked, when the field only qualifies what the heading
    is about: the rest holds a programme term whole (「应急管理法规制度体系」: 制度体系). A heading whose
    subject is the field itself (「推进应急管理机构改革」) is read as written."""
    title_masked = masked(title, field)
    if title_masked == title or not any(index.claimed_terms(title_masked).values()):
        return title, body
    return title_masked, masked(body, field)
