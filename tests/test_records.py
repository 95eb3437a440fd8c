"""The record base (`compliance.records`): immutable, compared by value, pickled as they were, and
`params`, which the checklist's validation and schema read the check kinds' parameters from (the
shipped schema, generated from it, is compared in tests/test_schema.py)."""

from __future__ import annotations

import pickle

import pytest

from compliance.reading.document import Block, Document
from compliance.records import Record, field, params, replace
from compliance.structure.outline import Heading


class Sample(Record, frozen=True):
    name: str
    size: int
    tags: tuple[str, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)


def test_a_frozen_record_refuses_changes_and_compares_by_value() -> None:
    one = Sample("a", 1)
    with pytest.raises(AttributeError):
        one.size = 2  # type: ignore[misc]
    assert one == Sample("a", 1) and one != Sample("a", 2)
    assert replace(one, size=2) == Sample("a", 2) and one.size == 1


def test_params_are_the_fields_as_written_with_what_is_required() -> None:
    assert [(p.name, p.annotation, p.required) for p in params(Sample)] == [
        ("name", "str", True),
        ("size", "int", True),
        ("tags", "tuple[str, ...]", False),
        ("extra", "dict[str, int]", False),
    ]


def test_records_pickle_and_hash_as_they_were() -> None:
    heading = Heading("一、主要举措", "主要举措", 1, 3, 2, "cn", 1, False)
    document = Document("r.txt", "text", (Block(1, "一、主要举措"), Block(2, "正文", origin="table")))
    for record in (heading, document, Sample("a", 1, ("x",))):
        copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == record and type(copy) is type(record)
    assert hash(pickle.loads(pickle.dumps(heading))) == hash(heading)
