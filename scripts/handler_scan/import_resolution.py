"""Evaluator part: what imports, module attributes and type annotations stand for."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from .model import Binding, Module, Scope
from .module_index import ModuleIndex
from .values import (
    Boto3Function,
    Builtin,
    Client,
    Env,
    ExternalName,
    LocalModule,
    MemoKey,
    Paginator,
    Resource,
    SDKModule,
    Stub,
    Value,
    Values,
)

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from typing import Any

SDK_MODULES = ("boto3", "boto3.session", "botocore", "botocore.session")


class ImportResolution:
    """Mixed into ``Evaluator``: uses its ``index``, ``map``, ``memo``, ``active`` and ``eval``."""

    if TYPE_CHECKING:
        index: ModuleIndex
        map: dict[str, Any]
        memo: dict[MemoKey, Values]
        active: set[MemoKey]
        parsed_annotations: dict[int, tuple[ast.AST, ast.AST]]

        def eval(self, node: ast.AST, scope: Scope, env: Env = ()) -> Values: ...
        def binding(self, binding: Binding, name: str, env: Env) -> Iterator[Value]: ...

    def import_module(self, dotted: str) -> Iterator[Value]:
        if dotted in SDK_MODULES:
            yield SDKModule(dotted)
        else:
            path = self.index.find(dotted)
            yield LocalModule(path) if path is not None else ExternalName(dotted)

    def import_from(self, node: ast.ImportFrom, name: str, module: Module) -> Iterator[Value]:
        source = node.module or ""
        if not node.level:
            if source == "boto3":
                if name in ("client", "resource", "Session"):
                    yield Boto3Function(name)
                elif name == "session":
                    yield SDKModule("boto3.session")
                return
            if source == "boto3.session" and name == "Session":
                yield Boto3Function("Session")
                return
            if source == "botocore" and name == "session":
                yield SDKModule("botocore.session")
                return
            if source == "botocore.session" and name in ("get_session", "Session"):
                yield Boto3Function("Session")
                return
            if source.startswith("mypy_boto3_"):
                yield Stub(source, name)
                return
            if source == "typing" and name == "cast":
                yield Builtin("cast")
                return
        package = self.index.resolve_from(module, node)
        if package is None:
            if not node.level:
                yield ExternalName(f"{source}.{name}")
            return
        submodule = self.index.submodule(package, name)
        if submodule is not None:
            yield LocalModule(submodule)
            return
        if package.is_file():
            yield from self.module_attribute(package, name)

    def module_attribute(self, path: Path, name: str) -> Iterator[Value]:
        key: MemoKey = ("module-attribute", path, name)
        if key in self.memo:
            yield from self.memo[key]
            return
        if key in self.active:
            return  # circular imports
        self.active.add(key)
        try:
            result = frozenset(self._module_attribute(path, name))
        finally:
            self.active.discard(key)
        self.memo[key] = result
        yield from result

    def _module_attribute(self, path: Path, name: str) -> Iterator[Value]:
        if path.is_file():
            module = self.index.load(path)
            if module is not None and name in module.scope.bindings:
                for binding in module.scope.bindings[name]:
                    yield from self.binding(binding, name, ())
                return
            if module is not None:
                for star in module.scope.star_imports:
                    yield from self.import_from(star, name, module)
        submodule = self.index.submodule(path, name)
        if submodule is not None:
            yield LocalModule(submodule)

    def annotation(self, node: ast.AST, scope: Scope) -> Iterator[Value]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in self.parsed_annotations:
                try:
                    parsed = ast.parse(node.value, mode="eval").body
                except SyntaxError:
                    parsed = ast.Constant(value=None)
                self.parsed_annotations[id(node)] = (
                    node,
                    parsed,
                )  # keeps both alive: ids stay unique
            node = self.parsed_annotations[id(node)][1]
        if isinstance(node, ast.BinOp):  # X | None
            yield from self.annotation(node.left, scope)
            yield from self.annotation(node.right, scope)
            return
        if isinstance(node, ast.Subscript):  # Optional[X]
            yield from self.annotation(node.slice, scope)
            return
        for value in self.eval(node, scope, ()):
            if isinstance(value, Stub):
                yield from self.stub_type(value.module, value.name)

    def stub_type(self, module: str, name: str) -> Iterator[Value]:
        service = module[len("mypy_boto3_") :].split(".")[0]
        if service not in self.map:
            return
        if name.endswith("Client"):
            yield Client(service)
        elif name.endswith("ServiceResource"):
            yield Resource(service, "ServiceResource")
        elif name in self.map[service].get("resource", {}):
            yield Resource(service, name)
        elif name.endswith("Paginator"):
            yield Paginator(service)
