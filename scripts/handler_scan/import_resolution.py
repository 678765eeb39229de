"""Evaluator part: what imports, module attributes and type annotations stand for."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from .constants import Value
from .model import Module, Scope


class ImportResolution:
    """Mixed into ``Evaluator``: uses its ``index``, ``map``, ``memo``, ``active`` and ``eval``."""

    def import_module(self, dotted: str) -> Iterator[Value]:
        if dotted == "boto3":
            yield ("boto3",)
        elif dotted == "boto3.session":
            yield ("boto3.session",)
        elif dotted == "botocore":
            yield ("botocore",)
        elif dotted == "botocore.session":
            yield ("botocore.session",)
        else:
            path = self.index.find(dotted)
            yield ("module", path) if path is not None else ("external", dotted)

    def import_from(self, node: ast.ImportFrom, name: str, module: Module) -> Iterator[Value]:
        source = node.module or ""
        if not node.level:
            if source == "boto3":
                if name in ("client", "resource", "Session"):
                    yield ("boto3.fn", name)
                elif name == "session":
                    yield ("boto3.session",)
                return
            if source == "boto3.session" and name == "Session":
                yield ("boto3.fn", "Session")
                return
            if source == "botocore" and name == "session":
                yield ("botocore.session",)
                return
            if source == "botocore.session" and name in ("get_session", "Session"):
                yield ("boto3.fn", "Session")
                return
            if source.startswith("mypy_boto3_"):
                yield ("stub", source, name)
                return
            if source == "typing" and name == "cast":
                yield ("builtin", "cast")
                return
        package = self.index.resolve_from(module, node)
        if package is None:
            if not node.level:
                yield ("external", f"{source}.{name}")
            return
        submodule = self.index.submodule(package, name)
        if submodule is not None:
            yield ("module", submodule)
            return
        if package.is_file():
            yield from self.module_attribute(package, name)

    def module_attribute(self, path: Path, name: str) -> Iterator[Value]:
        key = ("module-attribute", path, name)
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
            yield ("module", submodule)

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
            if value[0] == "stub":
                yield from self.stub_type(value[1], value[2])

    def stub_type(self, module: str, name: str) -> Iterator[Value]:
        service = module[len("mypy_boto3_") :].split(".")[0]
        if service not in self.map:
            return
        if name.endswith("Client"):
            yield ("client", service)
        elif name.endswith("ServiceResource"):
            yield ("resource", service, "ServiceResource")
        elif name in self.map[service].get("resource", {}):
            yield ("resource", service, name)
        elif name.endswith("Paginator"):
            yield ("paginator", service)
