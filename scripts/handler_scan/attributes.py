"""Evaluator part: attributes of modules, boto3 objects, classes and instances."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from .constants import Value
from .model import Scope


class Attributes:
    """Mixed into ``Evaluator``: uses its ``map``, ``eval``, ``binding`` and call helpers."""

    def attribute(self, base: Value, attr: str) -> Iterator[Value]:
        kind = base[0]
        if kind == "module":
            yield from self.module_attribute(base[1], attr)
        elif kind == "boto3":
            if attr in ("client", "resource", "Session"):
                yield ("boto3.fn", attr)
            elif attr == "session":
                yield ("boto3.session",)
        elif kind == "boto3.session" and attr == "Session":
            yield ("boto3.fn", "Session")
        elif kind == "botocore" and attr == "session":
            yield ("botocore.session",)
        elif kind == "botocore.session" and attr in ("get_session", "Session"):
            yield ("boto3.fn", "Session")
        elif kind == "session" and attr in ("client", "resource"):
            yield ("session.fn", attr)
        elif kind == "session" and attr == "create_client":  # botocore sessions
            yield ("session.fn", "client")
        elif kind == "client":
            if attr not in ("meta", "exceptions"):
                yield ("bound", base, attr)
        elif kind == "resource":
            service, type_name = base[1], base[2]
            model = self.map.get(service, {}).get("resource", {}).get(type_name, {})
            if attr == "meta":
                yield ("resource.meta", service)
            elif attr in model.get("has", {}):
                yield ("resource.ctor", service, model["has"][attr])
            elif attr in model.get("collections", {}):
                yield ("collection", service, type_name, attr, False)
            else:
                yield ("bound", base, attr)
        elif kind == "resource.meta" and attr == "client":
            yield ("client", base[1])
        elif kind in ("collection", "paginator", "waiter", "batch_writer"):
            yield ("bound", base, attr)
        elif kind == "instance":
            yield from self.instance_attribute(base, attr)
        elif kind == "class":
            for scope in self.mro(base[1]):
                for binding in scope.bindings.get(attr, []):
                    yield from self.binding(binding, attr, ())
                if attr in scope.bindings:
                    return
        elif kind == "stub":
            yield ("stub", base[1] + "." + base[2], attr)

    def mro(self, class_scope: Scope) -> list[Scope]:
        order, pending, seen = [], [class_scope], set()
        while pending:
            current = pending.pop(0)
            if id(current) in seen:
                continue
            seen.add(id(current))
            order.append(current)
            for base in current.node.bases:
                for value in self.eval(base, current.parent or current, ()):
                    if value[0] == "class":
                        pending.append(value[1])
        return order

    def instance_attribute(self, instance: Value, attr: str) -> Iterator[Value]:
        class_scope, ref = instance[1], instance[2]
        for scope in self.mro(class_scope):
            for value_node, method in scope.attr_stores.get(attr, []):
                env = [((id(method), method.params[0].arg), frozenset([instance]))]
                if method.name == "__init__" and ref is not None:
                    env.extend(self.bind_arguments(method, ref, skip_self=True))
                yield from self.eval(value_node, method, self.freeze(env))
            for binding in scope.bindings.get(attr, []):
                if binding.kind == "def":
                    function: Scope = binding.extra
                    if function.is_property:
                        env = self.freeze(
                            [((id(function), function.params[0].arg), frozenset([instance]))]
                        )
                        for returned in function.returns:
                            yield from self.eval(returned, function, env)
                    elif function.is_static:
                        yield ("func", function)
                    else:
                        yield ("boundmethod", instance, function)
                elif binding.kind == "annotation":
                    yield from self.dataclass_field(scope, attr, ref)
                    yield from self.annotation(binding.node, scope)
                else:
                    yield from self.binding(binding, attr, ())
            if scope.attr_stores.get(attr) or attr in scope.bindings:
                return

    def dataclass_field(self, class_scope: Scope, attr: str, ref: Any) -> Iterator[Value]:
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
                    value[0] == "class" and value[1] is class_scope
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
