"""Evaluation: which boto3 objects an expression may hold."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from .arguments import first_argument
from .attributes import Attributes
from .constants import COLLECTION_METHODS, MAX_CALL_DEPTH, MAX_CONTEXT_DEPTH
from .import_resolution import ImportResolution
from .model import Binding, Scope
from .module_index import ModuleIndex
from .parameters import Parameters
from .values import (
    AWSMethod,
    BatchWriter,
    Boto3Function,
    BoundMethod,
    Builtin,
    CallSite,
    Class,
    Client,
    Collection,
    DictLiteral,
    Env,
    Function,
    Instance,
    MemoKey,
    NoneValue,
    Paginator,
    ParameterKey,
    Resource,
    ResourceConstructor,
    SequenceLiteral,
    Session,
    SessionMethod,
    String,
    Value,
    Values,
    Waiter,
)

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from typing import Any


class Evaluator(ImportResolution, Attributes, Parameters):
    """Abstract values (``values.py``), evaluated lazily with memoization and a recursion guard.

    A dict or tuple display evaluates to a value holding its node's id; the node, with the scope
    and context of its latest evaluation, is in ``dict_nodes`` or ``sequence_nodes`` (which keep
    the nodes alive, so ids stay unique).
    """

    def __init__(self, index: ModuleIndex, iam_map: dict[str, Any]) -> None:
        self.index = index
        self.map: dict[str, Any] = iam_map["services"]
        self.memo: dict[MemoKey, Values] = {}
        self.active: set[MemoKey] = set()
        self.depth = 0
        self.call_depth = 0
        self.env_dicts: dict[Env, dict[ParameterKey, Values]] = {}
        self.dict_nodes: dict[int, tuple[ast.Dict, Scope, Env]] = {}
        self.sequence_nodes: dict[int, tuple[ast.Tuple | ast.List, Scope, Env]] = {}
        self.call_sites: list[tuple[ast.Call, Scope]] | None = None
        self.calls_by_name: dict[str | None, list[tuple[ast.Call, Scope]]] = {}
        self.param_memo: dict[ParameterKey, Values] = {}
        self.parsed_annotations: dict[int, tuple[ast.AST, ast.AST]] = {}

    # -- entry points

    def eval(self, node: ast.AST, scope: Scope, env: Env = ()) -> Values:
        key = (id(node), id(scope), env)
        if key in self.memo:
            return self.memo[key]
        if key in self.active or self.depth > MAX_CALL_DEPTH * 4:
            return frozenset()
        self.active.add(key)
        self.depth += 1
        try:
            result = frozenset(self._eval(node, scope, env))
        finally:
            self.depth -= 1
            self.active.discard(key)
        self.memo[key] = result
        return result

    def env_dict(self, env: Env) -> dict[ParameterKey, Values]:
        cached = self.env_dicts.get(env)
        if cached is None:
            cached = self.env_dicts[env] = dict(env)
        return cached

    def strings(self, node: ast.AST | None, scope: Scope, env: Env) -> list[str]:
        if node is None:
            return []
        values = self.eval(node, scope, env)
        return sorted(value.text for value in values if isinstance(value, String))

    # -- expressions

    def _eval(self, node: ast.AST, scope: Scope, env: Env) -> Iterator[Value]:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                yield String(node.value)
            elif node.value is None:
                yield NoneValue()
        elif isinstance(node, ast.Name):
            yield from self.lookup(node.id, scope, env)
        elif isinstance(node, ast.Attribute):
            for base in self.eval(node.value, scope, env):
                yield from self.attribute(base, node.attr)
        elif isinstance(node, ast.Call):
            yield from self.call(node, scope, env)
        elif isinstance(node, ast.Subscript):
            yield from self.subscript(node, scope, env)
        elif isinstance(node, ast.IfExp):
            yield from self.eval(node.body, scope, env)
            yield from self.eval(node.orelse, scope, env)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self.eval(value, scope, env)
        elif isinstance(node, (ast.NamedExpr, ast.Await)):
            yield from self.eval(node.value, scope, env)
        elif isinstance(node, ast.Dict):
            self.dict_nodes[id(node)] = (node, scope, env)
            yield DictLiteral(id(node))
        elif isinstance(node, (ast.Tuple, ast.List)):
            self.sequence_nodes[id(node)] = (node, scope, env)
            yield SequenceLiteral(id(node))
        elif isinstance(node, ast.Lambda):
            for candidate in scope.module.scopes:
                if candidate.node is node:
                    yield Function(candidate)

    def lookup(self, name: str, scope: Scope, env: Env) -> Iterator[Value]:
        current: Scope | None = scope
        while current is not None:
            if current.kind == "function" and name in current.global_names:
                current = current.module.scope
                continue
            bound = self.env_dict(env).get((id(current), name)) if env else None
            is_param = current.kind == "function" and name in current.param_set
            if bound is not None or is_param or name in current.bindings:
                if bound is not None:
                    yield from bound
                elif is_param:
                    yield from self.parameter(current, name)
                for binding in current.bindings.get(name, []):
                    yield from self.binding(binding, name, env)
                return
            if current.kind == "module":
                for star in current.star_imports:
                    yield from self.import_from(star, name, current.module)
            current = current.parent

    def binding(self, binding: Binding, name: str, env: Env) -> Iterator[Value]:
        kind, scope = binding.kind, binding.scope
        if kind == "expr":
            yield from self.eval(binding.node, scope, env)
        elif kind == "with":
            for value in self.eval(binding.node, scope, env):
                if isinstance(value, (BatchWriter, Client, Resource, Instance)):
                    yield value
        elif kind == "iter":
            for value in self.eval(binding.node, scope, env):
                if isinstance(value, SequenceLiteral):  # for client in (s3, sqs): ...
                    node = self.sequence_nodes[value.node_id][0]
                    for position in range(len(node.elts)):
                        yield from self.element(value, position)
                elif isinstance(value, Collection):
                    item = self.collection_model(value.service, value.owner, value.name)
                    if item is not None:
                        yield Resource(value.service, item["type"])
        elif kind == "annotation":
            yield from self.annotation(binding.node, scope)
        elif kind == "unpack":
            for value in self.eval(binding.node, scope, env):
                if isinstance(value, SequenceLiteral):
                    yield from self.element(value, binding.extra)
        elif kind == "def":
            yield Function(binding.extra)
        elif kind == "class":
            yield Class(binding.extra)
        elif kind == "import":
            yield from self.import_module(binding.node)
        elif kind == "importfrom":
            yield from self.import_from(binding.node, binding.extra, scope.module)

    # -- subscripts

    def subscript(self, node: ast.Subscript, scope: Scope, env: Env) -> Iterator[Value]:
        keys = self.strings(node.slice, scope, env)
        position = (
            node.slice.value
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int)
            else None
        )
        for base in self.eval(node.value, scope, env):
            if isinstance(base, DictLiteral):
                yield from self.dict_values(base, keys)
            elif isinstance(base, SequenceLiteral) and position is not None:
                yield from self.element(base, position)
        if isinstance(node.value, ast.Name):
            for value_node, store_scope in scope.module.scope.subscript_stores.get(
                node.value.id, []
            ):
                yield from self.eval(value_node, store_scope, env if store_scope is scope else ())

    def element(self, value: SequenceLiteral, position: int) -> Iterator[Value]:
        node, scope, env = self.sequence_nodes[value.node_id]
        if -len(node.elts) <= position < len(node.elts) and not isinstance(
            node.elts[position], ast.Starred
        ):
            yield from self.eval(node.elts[position], scope, env)

    def dict_values(self, value: DictLiteral, keys: list[str]) -> Iterator[Value]:
        node, scope, env = self.dict_nodes[value.node_id]
        for key, item in zip(node.keys, node.values, strict=False):
            if key is None:
                continue
            if not keys or (isinstance(key, ast.Constant) and key.value in keys):
                yield from self.eval(item, scope, env)

    # -- calls

    def call(self, node: ast.Call, scope: Scope, env: Env) -> Iterator[Value]:
        for function in self.eval(node.func, scope, env):
            if isinstance(function, (Boto3Function, SessionMethod)):
                what = function.name
                if what == "Session":
                    yield Session()
                    continue
                argument = first_argument(node, ("service_name",))
                services: list[str | None] = [*self.strings(argument, scope, env)] or [None]
                for service in services:
                    if what == "client":
                        yield Client(service)
                    else:
                        yield Resource(service, "ServiceResource")
            elif isinstance(function, ResourceConstructor):
                yield Resource(function.service, function.type_name)
            elif isinstance(function, AWSMethod):
                yield from self.aws_method_call(function)
            elif isinstance(function, Function):
                yield from self.call_function(function.scope, node, scope, env, None)
            elif isinstance(function, BoundMethod):
                yield from self.call_function(
                    function.function, node, scope, env, function.instance
                )
            elif isinstance(function, Class):
                ref = (node, scope, env) if self.call_depth < MAX_CONTEXT_DEPTH else None
                yield Instance(function.scope, ref)
            elif isinstance(function, Builtin) and function.name == "cast" and len(node.args) == 2:
                yield from self.eval(node.args[1], scope, env)
                yield from self.annotation(node.args[0], scope)
            elif (
                isinstance(function, DictLiteral)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("get", "setdefault")
            ):
                keys = self.strings(node.args[0], scope, env) if node.args else []
                yield from self.dict_values(function, keys)

    def aws_method_call(self, function: AWSMethod) -> Iterator[Value]:
        receiver, method = function.receiver, function.method
        if isinstance(receiver, Client) and method == "get_paginator":
            yield Paginator(receiver.service)
        elif isinstance(receiver, Client) and method == "get_waiter":
            yield Waiter(receiver.service)
        elif isinstance(receiver, Resource) and method == "batch_writer":
            yield BatchWriter(receiver.service)
        elif isinstance(receiver, Collection) and method in COLLECTION_METHODS:
            yield Collection(receiver.service, receiver.owner, receiver.name, True)

    def freeze(self, pairs: Iterable[tuple[ParameterKey, Values]]) -> Env:
        merged: dict[ParameterKey, Values] = {}
        for key, values in pairs:
            merged[key] = frozenset(values)
        return tuple(sorted(merged.items(), key=lambda item: (item[0][0], item[0][1])))

    def bind_arguments(
        self, function: Scope, ref: CallSite, skip_self: bool
    ) -> list[tuple[ParameterKey, Values]]:
        call, scope, env = ref
        params = function.node.args
        positional = [*params.posonlyargs, *params.args]
        if skip_self:
            positional = positional[1:]
        pairs: list[tuple[ParameterKey, Values]] = []
        bound: set[str] = set()
        for position, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                break
            if position < len(positional):
                name = positional[position].arg
                pairs.append(((id(function), name), self.eval(argument, scope, env)))
                bound.add(name)
        names = {param.arg for param in function.params}
        for keyword in call.keywords:
            if keyword.arg is not None and keyword.arg in names:
                pairs.append(((id(function), keyword.arg), self.eval(keyword.value, scope, env)))
                bound.add(keyword.arg)
        has_splat = any(isinstance(argument, ast.Starred) for argument in call.args) or any(
            keyword.arg is None for keyword in call.keywords
        )
        if not has_splat:
            defaults = dict(
                zip(
                    [param.arg for param in positional][-len(params.defaults) :]
                    if params.defaults
                    else [],
                    params.defaults,
                    strict=False,
                )
            )
            defaults.update(
                {
                    param.arg: default
                    for param, default in zip(params.kwonlyargs, params.kw_defaults, strict=False)
                    if default is not None
                }
            )
            for name, default in defaults.items():
                if name not in bound:
                    pairs.append(
                        ((id(function), name), self.eval(default, function.parent or function, ()))
                    )
        return pairs

    def call_function(
        self,
        function: Scope,
        node: ast.Call,
        scope: Scope,
        env: Env,
        instance: Instance | None,
    ) -> Iterator[Value]:
        if self.depth > MAX_CALL_DEPTH * 4 or not function.returns:
            return
        # Keep only what the callee can see: its enclosing functions' bindings (closures).
        enclosing = set()
        ancestor = function.parent
        while ancestor is not None:
            enclosing.add(id(ancestor))
            ancestor = ancestor.parent
        if self.call_depth >= MAX_CONTEXT_DEPTH:
            inner_env: Env = ()
        else:
            pairs = [pair for pair in env if pair[0][0] in enclosing] if env else []
            skip_self = instance is not None and not function.is_static
            if instance is not None and skip_self and function.params:
                pairs.append(((id(function), function.params[0].arg), frozenset([instance])))
            pairs.extend(self.bind_arguments(function, (node, scope, env), skip_self))
            inner_env = self.freeze(pairs)
        self.call_depth += 1
        try:
            results = [
                value
                for returned in function.returns
                for value in self.eval(returned, function, inner_env)
            ]
        finally:
            self.call_depth -= 1
        yield from results

    # -- resource model helpers

    def collection_model(
        self, service: str | None, owner: str, collection: str
    ) -> dict[str, Any] | None:
        model: dict[str, Any] | None = (
            self.map.get(service or "", {})
            .get("resource", {})
            .get(owner, {})
            .get("collections", {})
            .get(collection)
        )
        return model
