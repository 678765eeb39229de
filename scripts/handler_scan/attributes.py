"""Evaluator part: attributes of modules, boto3 objects, classes and instances."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import Binding, Scope
from .values import (
    AWSMethod,
    BatchWriter,
    Boto3Function,
    BoundMethod,
    CallSite,
    Class,
    Client,
    Collection,
    Env,
    Function,
    Instance,
    LocalModule,
    Paginator,
    ParameterKey,
    Resource,
    ResourceConstructor,
    ResourceMeta,
    SDKModule,
    Session,
    SessionMethod,
    Stub,
    Value,
    Values,
    Waiter,
)

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from typing import Any


class Attributes:
    """Mixed into ``Evaluator``: uses its ``map``, ``eval``, ``binding`` and call helpers."""

    if TYPE_CHECKING:
        map: dict[str, Any]

        def eval(self, node: ast.AST, scope: Scope, env: Env = ()) -> Values: ...
        def binding(self, binding: Binding, name: str, env: Env) -> Iterator[Value]: ...
        def module_attribute(self, path: Path, name: str) -> Iterator[Value]: ...
        def annotation(self, node: ast.AST, scope: Scope) -> Iterator[Value]: ...
        def freeze(self, pairs: Iterable[tuple[ParameterKey, Values]]) -> Env: ...
        def bind_arguments(
            self, function: Scope, ref: CallSite, skip_self: bool
        ) -> list[tuple[ParameterKey, Values]]: ...
        def calls_named(self, name: str | None) -> list[tuple[ast.Call, Scope]]: ...

    def attribute(self, base: Value, attr: str) -> Iterator[Value]:
        if isinstance(base, LocalModule):
            yield from self.module_attribute(base.path, attr)
        elif isinstance(base, SDKModule):
            yield from self.sdk_module_attribute(base.name, attr)
        elif isinstance(base, Session):
            if attr in ("client", "resource"):
                yield SessionMethod(attr)
            elif attr == "create_client":  # botocore sessions
                yield SessionMethod("client")
        elif isinstance(base, Client):
            if attr not in ("meta", "exceptions"):
                yield AWSMethod(base, attr)
        elif isinstance(base, Resource):
            service, type_name = base.service, base.type_name
            model = self.map.get(service or "", {}).get("resource", {}).get(type_name, {})
            if attr == "meta":
                yield ResourceMeta(service)
            elif attr in model.get("has", {}):
                yield ResourceConstructor(service, model["has"][attr])
            elif attr in model.get("collections", {}):
                yield Collection(service, type_name, attr, False)
            else:
                yield AWSMethod(base, attr)
        elif isinstance(base, ResourceMeta):
            if attr == "client":
                yield Client(base.service)
        elif isinstance(base, (Collection, Paginator, Waiter, BatchWriter)):
            yield AWSMethod(base, attr)
        elif isinstance(base, Instance):
            yield from self.instance_attribute(base, attr)
        elif isinstance(base, Class):
            for scope in self.mro(base.scope):
                for binding in scope.bindings.get(attr, []):
                    yield from self.binding(binding, attr, ())
                if attr in scope.bindings:
                    return
        elif isinstance(base, Stub):
            yield Stub(base.module + "." + base.name, attr)

    def sdk_module_attribute(self, module: str, attr: str) -> Iterator[Value]:
        if module == "boto3":
            if attr in ("client", "resource", "Session"):
                yield Boto3Function(attr)
            elif attr == "session":
                yield SDKModule("boto3.session")
        elif module == "boto3.session" and attr == "Session":
            yield Boto3Function("Session")
        elif module == "botocore" and attr == "session":
            yield SDKModule("botocore.session")
        elif module == "botocore.session" and attr in ("get_session", "Session"):
            yield Boto3Function("Session")

    def mro(self, class_scope: Scope) -> list[Scope]:
        order: list[Scope] = []
        pending = [class_scope]
        seen: set[int] = set()
        while pending:
            current = pending.pop(0)
            if id(current) in seen:
                continue
            seen.add(id(current))
            order.append(current)
            for base in current.node.bases:
                for value in self.eval(base, current.parent or current, ()):
                    if isinstance(value, Class):
                        pending.append(value.scope)
        return order

    def instance_attribute(self, instance: Instance, attr: str) -> Iterator[Value]:
        class_scope, ref = instance.class_scope, instance.call
        for scope in self.mro(class_scope):
            for value_node, method in scope.attr_stores.get(attr, []):
                env: list[tuple[ParameterKey, Values]] = [
                    ((id(method), method.params[0].arg), frozenset([instance]))
                ]
                if method.name == "__init__" and ref is not None:
                    env.extend(self.bind_arguments(method, ref, skip_self=True))
                yield from self.eval(value_node, method, self.freeze(env))
            for binding in scope.bindings.get(attr, []):
                if binding.kind == "def":
                    function: Scope = binding.extra
                    if function.is_property:
                        property_env = self.freeze(
                            [((id(function), function.params[0].arg), frozenset([instance]))]
                        )
                        for returned in function.returns:
                            yield from self.eval(returned, function, property_env)
                    elif function.is_static:
                        yield Function(function)
                    else:
                        yield BoundMethod(instance, function)
                elif binding.kind == "annotation":
                    yield from self.dataclass_field(scope, attr, ref)
                    yield from self.annotation(binding.node, scope)
                else:
                    yield from self.binding(binding, attr, ())
            if scope.attr_stores.get(attr) or attr in scope.bindings:
                return

    def dataclass_field(
        self, class_scope: Scope, attr: str, ref: CallSite | None
    ) -> Iterator[Value]:
        """A field of a dataclass / NamedTuple instance, from its constructor call."""
        if any(binding.kind == "def" for binding in class_scope.bindings.get("__init__", [])):
            return
        fields = [
            statement.target.id
            for statement in class_scope.node.body
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
        ]
        if ref is None:  # self inside a method: whatever any constructor call passes
            for call, scope in self.calls_named(class_scope.name):
                if any(
                    isinstance(value, Class) and value.scope is class_scope
                    for value in self.eval(call.func, scope, ())
                ):
                    yield from self.dataclass_field(class_scope, attr, (call, scope, ()))
            return
        call, scope, env = ref
        for position, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                break
            if position < len(fields) and fields[position] == attr:
                yield from self.eval(argument, scope, env)
        for keyword in call.keywords:
            if keyword.arg == attr:
                yield from self.eval(keyword.value, scope, env)
