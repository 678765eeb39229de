"""The abstract values the evaluator computes: what an expression of the scanned code may hold.

One frozen record per kind (``records.Record``: declared like a dataclass, built without ``exec``):
hashable (values are memo keys and go into frozensets), compared by kind and fields, and matched
with ``isinstance`` or ``match``:

    match value:
        case Client(service=service): ...
        case Resource(service=service, type_name=type_name): ...

Scopes and AST nodes inside a value compare by identity (``Scope`` and ``ast.AST`` do not define
equality), so two values are equal when they stand for the same object of the scanned code.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .model import Scope
from .records import Record

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from typing import TypeAlias

# -- boto3 and botocore themselves


class SDKModule(Record):
    """An SDK module: ``boto3``, ``boto3.session``, ``botocore`` or ``botocore.session``."""

    name: str


class Boto3Function(Record):
    """A function that makes boto3 objects: ``boto3.client``, ``boto3.resource`` or a session
    class (``boto3.Session``, ``boto3.session.Session``, ``botocore.session.get_session``)."""

    name: str  # client | resource | Session


class Session(Record):
    """A boto3 or botocore session."""


class SessionMethod(Record):
    """A session's ``client`` or ``resource`` method (botocore's ``create_client`` is a
    ``client``)."""

    name: str  # client | resource


class Client(Record):
    """A boto3 client; ``service`` is None when the service name is not a constant."""

    service: str | None


class Resource(Record):
    """A boto3 resource of a type in the service's resource model (``ServiceResource``,
    ``Table``, ``Bucket`` ...)."""

    service: str | None
    type_name: str


class ResourceConstructor(Record):
    """A sub-resource's constructor, such as ``dynamodb.Table``."""

    service: str | None
    type_name: str


class ResourceMeta(Record):
    """A resource's ``meta`` (whose ``client`` is the service's client)."""

    service: str | None


class Collection(Record):
    """A resource collection, such as ``bucket.objects``; ``called`` once ``all()``,
    ``filter()``, ``limit()`` or ``page_size()`` made it (listing happens when it is iterated or
    one of those is called on the bare collection)."""

    service: str | None
    owner: str  # the resource type the collection belongs to
    name: str
    called: bool


class Paginator(Record):
    service: str | None


class Waiter(Record):
    service: str | None


class BatchWriter(Record):
    """A DynamoDB table's ``batch_writer()``."""

    service: str | None


AWSObject: TypeAlias = Client | Resource | Collection | Paginator | Waiter | BatchWriter


class AWSMethod(Record):
    """A method of a boto3 object, not yet called: ``s3.get_object``."""

    receiver: AWSObject
    method: str


class Stub(Record):
    """A name imported from a ``mypy_boto3_*`` stub package, used in annotations."""

    module: str
    name: str


# -- the scanned code's own objects


class LocalModule(Record):
    """A module (or namespace package directory) of the scanned code."""

    path: Path


class ExternalName(Record):
    """A module or name imported from outside the scanned code (neither boto3 nor botocore)."""

    name: str


class Builtin(Record):
    """A function the evaluator knows: ``typing.cast``."""

    name: str


class Function(Record):
    """A function or lambda of the scanned code."""

    scope: Scope


class Class(Record):
    scope: Scope


class Instance(Record):
    """An instance of a class of the scanned code; ``call`` is the constructor call it came
    from, with its context, or None where any constructor call may have made it."""

    class_scope: Scope
    call: CallSite | None


class BoundMethod(Record):
    """A method of the scanned code, bound to an instance."""

    instance: Instance
    function: Scope


# -- literals


class String(Record):
    text: str


class NoneValue(Record):
    pass


class DictLiteral(Record):
    """A dict display; ``node_id`` is the ``id`` of its ``ast.Dict`` in the evaluator's table."""

    node_id: int


class SequenceLiteral(Record):
    """A tuple or list display; ``node_id`` is the ``id`` of its node in the evaluator's table."""

    node_id: int


Value: TypeAlias = (
    SDKModule
    | Boto3Function
    | Session
    | SessionMethod
    | Client
    | Resource
    | ResourceConstructor
    | ResourceMeta
    | Collection
    | Paginator
    | Waiter
    | BatchWriter
    | AWSMethod
    | Stub
    | LocalModule
    | ExternalName
    | Builtin
    | Function
    | Class
    | Instance
    | BoundMethod
    | String
    | NoneValue
    | DictLiteral
    | SequenceLiteral
)
Values: TypeAlias = frozenset[Value]
# A parameter bound in an evaluation context: (id of the function's scope, parameter name).
ParameterKey: TypeAlias = tuple[int, str]
# An evaluation context: the parameters bound by the calls being followed, sorted by key.
Env: TypeAlias = tuple[tuple[ParameterKey, Values], ...]
# A call with the scope and context it is evaluated in.
CallSite: TypeAlias = tuple[ast.Call, Scope, Env]
# The evaluator's memo keys: eval's (node id, scope id, context), module_attribute's
# ("module-attribute", module path, name).
MemoKey: TypeAlias = tuple[int, int, Env] | tuple[str, Path, str]
# Objects of the scanned code, or names from outside it: known not to be boto3 objects.
LOCAL_OBJECT_TYPES = (LocalModule, Instance, Class, Function, BoundMethod, ExternalName)
