"""Builds a module's scopes (bindings, returns, calls, attribute stores) in one AST walk."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator

from .model import Binding, Module, Scope


def decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def nested_statements(node: ast.AST) -> Iterator[ast.stmt]:
    """Every statement inside ``node``, at any depth (statements only hold statements in lists:
    bodies, ``orelse``, ``finalbody``, handlers' and match cases' bodies); expressions, which
    cannot hold a statement, are not walked."""
    for _field, value in ast.iter_fields(node):
        if not isinstance(value, list):
            continue
        for item in value:
            if isinstance(item, ast.stmt):
                yield item
                yield from nested_statements(item)
            elif isinstance(item, ast.excepthandler) or type(item).__name__ == "match_case":
                yield from nested_statements(item)


class ScopeBuilder:
    """Collects each scope's bindings, returns, calls and attribute stores in one walk."""

    def __init__(self, module: Module) -> None:
        self.module = module

    def build(self) -> None:
        scope = Scope("module", self.module.tree, self.module, None, name="<module>")
        self.module.scope = scope
        self.module.scopes.append(scope)
        self.body(scope, self.module.tree.body)

    def new_function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: Scope
    ) -> Scope:
        parent = scope.parent if scope.kind == "class" else scope
        child = Scope("function", node, self.module, parent, name=getattr(node, "name", "<lambda>"))
        child.defined_in = scope
        if scope.kind == "class":
            child.owner = scope
        args = node.args
        child.params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        if args.vararg:
            child.params.append(args.vararg)
        if args.kwarg:
            child.params.append(args.kwarg)
        self.module.scopes.append(child)
        return child

    def body(self, scope: Scope, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(scope, statement)

    def statement(self, scope: Scope, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for expression in [
                *node.decorator_list,
                *node.args.defaults,
                *filter(None, node.args.kw_defaults),
            ]:
                self.expression(scope, expression)
            child = self.new_function(node, scope)
            child.decorators = [decorator_name(decorator) for decorator in node.decorator_list]
            for inner in nested_statements(node):
                if isinstance(inner, ast.Global):
                    child.global_names.update(inner.names)
            scope.bind(node.name, Binding("def", node, scope, child))
            self.body(child, node.body)
            return
        if isinstance(node, ast.ClassDef):
            for expression in [*node.decorator_list, *node.bases]:
                self.expression(scope, expression)
            child = Scope("class", node, self.module, scope, name=node.name)
            child.defined_in = scope
            self.module.scopes.append(child)
            scope.bind(node.name, Binding("class", node, scope, child))
            self.body(child, node.body)
            return
        if isinstance(node, ast.Return):
            if node.value is not None:
                scope.returns.append(node.value)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                self.target(scope, target, node.value, "expr")
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.target(scope, node.target, node.value, "expr")
            elif isinstance(node.target, ast.Name):
                scope.bind(node.target.id, Binding("annotation", node.annotation, scope))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.target(scope, node.target, node.iter, "iter")
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self.target(scope, item.optional_vars, item.context_expr, "with")
        elif isinstance(node, ast.Import):
            self.module.imports.append(node)
            for alias in node.names:
                if alias.asname:
                    scope.bind(alias.asname, Binding("import", alias.name, scope))
                else:
                    top = alias.name.split(".")[0]
                    scope.bind(top, Binding("import", top, scope))
        elif isinstance(node, ast.ImportFrom):
            self.module.imports.append(node)
            for alias in node.names:
                if alias.name == "*":
                    scope.star_imports.append(node)
                else:
                    scope.bind(
                        alias.asname or alias.name, Binding("importfrom", node, scope, alias.name)
                    )
                    scope.references.add(alias.name)
        elif isinstance(node, ast.Global):
            scope.global_names.update(node.names)
        elif isinstance(node, ast.Try) or (
            sys.version_info >= (3, 11) and isinstance(node, ast.TryStar)  # also runs on 3.10
        ):
            for handler in node.handlers:
                if handler.name:
                    scope.bind(handler.name, Binding("unknown", handler, scope))
        for _field, value in ast.iter_fields(node):
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self.body(scope, value)
                elif value and isinstance(value[0], ast.excepthandler):
                    for handler in value:
                        if handler.type is not None:
                            self.expression(scope, handler.type)
                        self.body(scope, handler.body)
                elif value and type(value[0]).__name__ == "match_case":
                    for case in value:
                        self.body(scope, case.body)
                else:
                    for item in value:
                        if isinstance(item, ast.AST):
                            self.expression(scope, item)
            elif isinstance(value, ast.AST) and not isinstance(value, ast.stmt):
                self.expression(scope, value)

    def expression(self, scope: Scope, node: ast.AST) -> None:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name):
                scope.references.add(inner.id)
            elif isinstance(inner, ast.Attribute):
                scope.attribute_references.append(inner)
            elif isinstance(inner, ast.Call):
                scope.calls.append(inner)
            elif isinstance(inner, ast.NamedExpr):
                self.target(scope, inner.target, inner.value, "expr")
            elif isinstance(inner, ast.comprehension):
                self.target(scope, inner.target, inner.iter, "iter")
            elif isinstance(inner, ast.Lambda):
                child = self.new_function(inner, scope)
                child.returns.append(inner.body)

    def target(self, scope: Scope, target: ast.expr, value: ast.expr, kind: str) -> None:
        if isinstance(target, ast.Name):
            scope.bind(target.id, Binding(kind, value, scope))
        elif isinstance(target, (ast.Tuple, ast.List)):
            if (
                kind == "expr"
                and isinstance(value, (ast.Tuple, ast.List))
                and len(value.elts) == len(target.elts)
            ):
                for element, element_value in zip(target.elts, value.elts, strict=False):
                    self.target(scope, element, element_value, kind)
            else:
                for position, element in enumerate(target.elts):
                    if (
                        isinstance(element, ast.Name)
                        and kind == "expr"
                        and not any(isinstance(other, ast.Starred) for other in target.elts)
                    ):
                        scope.bind(element.id, Binding("unpack", value, scope, position))
                        continue
                    for name in ast.walk(element):
                        if isinstance(name, ast.Name):
                            scope.bind(name.id, Binding("unknown", value, scope))
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and kind == "expr"
        ):
            method = scope if scope.kind == "function" else None
            if (
                method is not None
                and method.owner is not None
                and method.params
                and target.value.id == method.params[0].arg
            ):
                method.owner.attr_stores.setdefault(target.attr, []).append((value, scope))
        elif (
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and kind == "expr"
        ):
            scope.module.scope.subscript_stores.setdefault(target.value.id, []).append(
                (value, scope)
            )
