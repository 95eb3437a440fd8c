"""A Vocabulary hashes as its fields do, computes that once, and is pickled without it."""

from __future__ import annotations

import pickle

from compliance.classify.vocabulary import PartFrame, Term, Vocabulary


def vocabulary(extra: str = "") -> Vocabulary:
    terms = (Term("行政执法", "gangyao-2021"), Term("执法监督" + extra, "gangyao-2021"))
    return Vocabulary(
        (("law-enforcement", terms),), ("法治政府建设",), (), (("plan", PartFrame(("下一步",))),)
    )


def test_equal_vocabularies_hash_alike_and_unequal_ones_are_told_apart() -> None:
    first, second, other = vocabulary(), vocabulary(), vocabulary("体系")
    assert first is not second and first == second and hash(first) == hash(second)
    assert first != other
    assert len({first: 1, second: 2, other: 3}) == 2


def test_the_hash_is_remembered_and_not_pickled() -> None:
    vocab = vocabulary()
    assert hash(vocab) == hash(vocab) == vocab.__dict__["_hash"]
    copy = pickle.loads(pickle.dumps(vocab))
    assert "_hash" not in copy.__dict__ and copy == vocab and hash(copy) == hash(vocab)
