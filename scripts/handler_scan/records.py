"""Frozen value classes, declared like dataclasses but built without ``exec``.

``dataclasses`` writes each class's methods as source text and compiles it, and imports
``inspect`` to do so: for the scanner's 25 value classes that was a third of its start-up, paid
by every ``iam review`` that scans. A ``Record`` subclass lists its fields as annotations and
gets what the scan relies on, from methods shared by every record:

- slots, one per field, and no assignment after construction;
- construction by position or keyword, every field required;
- equality by class and fields, hashing by fields (values are memo keys and set members);
- ``match`` by position (``__match_args__``) and a ``repr`` such as ``Client(service='s3')``.

    class Client(Record):
        service: str | None

    match value:
        case Client(service): ...
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar

    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: object):  # type checkers only: the fields' types
        return lambda cls: cls


def _fields_getter(fields: tuple[str, ...]) -> Callable[[Any], Any]:
    """The fields' values of a record (one value for one field, a tuple for several)."""
    if not fields:
        return lambda _record: ()
    return attrgetter(*fields)


@dataclass_transform(frozen_default=True)
class _RecordType(type):
    """Gives each record class its slots, ``match`` order and field getter from its annotations
    (``from __future__ import annotations`` keeps them as text: nothing is evaluated)."""

    def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _RecordType:
        fields = tuple(namespace.get("__annotations__", {})) if bases else ()
        namespace["__slots__"] = fields
        namespace["__match_args__"] = fields
        namespace["_fields"] = fields
        namespace["_values"] = _fields_getter(fields)
        return super().__new__(cls, name, bases, namespace)


_set = object.__setattr__


class Record(metaclass=_RecordType):
    """A frozen value with the fields its subclass annotates."""

    _fields: ClassVar[tuple[str, ...]]
    _values: ClassVar[Callable[[Any], Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        name = type(self).__name__
        if len(args) > len(fields):
            raise TypeError(f"{name}() has {len(fields)} fields, {len(args)} values given")
        for field in kwargs:
            if field not in fields[len(args) :]:
                raise TypeError(f"{name}() got an unexpected value for {field!r}")
        for field, value in zip(fields, args, strict=False):
            _set(self, field, value)
        for field in fields[len(args) :]:
            if field not in kwargs:
                raise TypeError(f"{name}() is missing the field {field!r}")
            _set(self, field, kwargs[field])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = type(self)._values
        return bool(values(self) == values(other))

    def __hash__(self) -> int:
        return hash(type(self)._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{field}={getattr(self, field)!r}" for field in self._fields)
        return f"{type(self).__name__}({shown})"

    def __setattr__(self, field: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {field!r} of a {type(self).__name__}")

    def __delattr__(self, field: str) -> None:
        raise AttributeError(f"cannot delete field {field!r} of a {type(self).__name__}")
