"""The base class of the records passed between the pipeline's stages (msgspec's one importer).

Every record is a `Record` subclass: `class Heading(Record, frozen=True)` is immutable, hashable,
compared field by field, and pickled as (class, field values). They are msgspec Structs, not
dataclasses, for start-up's sake: a process that checks one report defines about 70 record classes,
and Python 3.11's dataclasses compile each class's generated methods (`__init__`, `__repr__`,
`__eq__`, `__hash__`, `__setattr__`, `__delattr__`) from source when the class is defined, about
0.5 ms a class, a sixth of a single check's whole time (docs/performance.md). A Struct's methods
are built in C: the same classes cost about 1 ms in all, and their instances are made and compared
faster too.

mypy reads `frozen=True` on each class (it does not inherit it from a base), so every immutable
record says it itself.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from msgspec import NODEFAULT, field
from msgspec import Struct as Record
from msgspec.structs import replace

__all__ = ["Param", "Record", "field", "params", "replace"]


class Param(NamedTuple):
    """One field of a record class as written in its source: name, annotation text, whether required."""

    name: str
    annotation: str
    required: bool


def params(cls: type[Any]) -> tuple[Param, ...]:
    """The fields of record class `cls` in order, each with its annotation as written (the
    modules use `from __future__ import annotations`, so the text, not an evaluated type)."""
    annotations: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        annotations.update(getattr(klass, "__annotations__", {}))
    names: tuple[str, ...] = cls.__struct_fields__
    defaults: tuple[Any, ...] = cls.__struct_defaults__
    first_default = len(names) - len(defaults)
    return tuple(
        Param(
            name,
            str(annotations[name]),
            index < first_default or defaults[index - first_default] is NODEFAULT,
        )
        for index, name in enumerate(names)
    )
