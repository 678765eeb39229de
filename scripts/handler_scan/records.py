"""Frozen value classes, declared like dataclasses but built without ``exec``.

``dataclasses`` writes each class's methods as source text and compiles it, and imports
``inspect`` to do so: for the scanner's 25 value classes that was a third of its start-up, paid
by every ``iam review`` that scans. A ``Record`` subclass lists its fields as annotations and
gets what the scan relies on, from methods shared by every record:

- slots, one per field, and no assignment after construction;
- construction by position or keyword, every field required;
- equality by class and fields, hashing by fields (values are memo keys and set members);
- ``match`` by position (``__match_args__``) and a ``repr`` such as ``Client(service='s3')``;
- ``copy`` and ``pickle`` through the constructor.

Fields are read from the annotations as text, so a record's module needs ``from __future__
import annotations``; a field has no default, and a record does not extend another one with
fields (each is refused at class creation).

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
        if "__annotate__" in namespace and "__annotations__" not in namespace:
            raise TypeError(f"record {name}: its module needs `from __future__ import annotations`")
        annotations: dict[str, str] = namespace.get("__annotations__", {})
        fields = tuple(annotations) if bases else ()
        if any(getattr(base, "_fields", ()) for base in bases):
            raise TypeError(f"record {name}: a record cannot extend a record with fields")
        for field in fields:
            if field in namespace or str(annotations[field]).startswith(("ClassVar", "typing.")):
                raise TypeError(f"record {name}: field {field!r} has a default or is a ClassVar")
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

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        # copy and pickle rebuild a record through its constructor (slots cannot be assigned).
        return (type(self), tuple(getattr(self, field) for field in self._fields))

    def __repr__(self) -> str:
        shown = ", ".join(f"{field}={getattr(self, field)!r}" for field in self._fields)
        return f"{type(self).__name__}({shown})"

    def __setattr__(self, field: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {field!r} of a {type(self).__name__}")

    def __delattr__(self, field: str) -> None:
        raise AttributeError(f"cannot delete field {field!r} of a {type(self).__name__}")
