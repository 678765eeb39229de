#!/usr/bin/env python3
"""Finds the boto3 calls a Lambda handler (or any Python entry module) makes, statically.

    scripts/scan_handler_calls.py HANDLERS_ROOT [ENTRY ...] [--map FILE] [--repo-root DIR]
    scripts/scan_handler_calls.py --manifest HANDLERS_ROOT/manifest.json   (one report per function)

HANDLERS_ROOT is the directory that is on sys.path when the code runs (absolute imports such
as ``from facecommon.clients import default_clients`` resolve against it, and against each
entry's own directory). An ENTRY is a module file, a dotted module name or a directory (every
module under it, tests excluded); without one, every module under the root is an entry.

The scan parses with Python's ``ast`` (nothing is imported or run), follows the entries' imports
of local modules, and evaluates just enough of the code to know which expressions hold boto3
clients and resources: ``boto3.client("s3")``, ``boto3.resource(...)``, sessions, module globals
(also lazily set through ``global``), dict caches, class and instance attributes, dataclass
fields, properties, values passed through function parameters and returned by factory functions
(decorators such as ``functools.lru_cache`` are looked through), sub-resources
(``dynamodb.Table(name)``), collections, paginators, waiters and batch writers.

Output (stdout, JSON, sorted, stable): see ``Sources/IAM/Resources/README.md`` and the report
of ``main``. Every call that might be a boto3 call but whose receiver or service could not be
resolved is listed under ``unresolved`` with its file and line, never dropped.
Exit code: 0, or 1 with ``--fail-on-unresolved`` when something is unresolved, 2 on bad input.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

OUTPUT_FORMAT = 1
DEFAULT_MAP = Path(__file__).resolve().parent.parent / "Sources" / "IAM" / "Resources" / "boto3-iam-map.json"
MAX_CALL_DEPTH = 10
# Calls nested deeper than this are evaluated without their call context (parameters then hold
# whatever any call site passes), which keeps big code bases linear-ish instead of exponential.
MAX_CONTEXT_DEPTH = 4
EXCLUDED_DIRS = {"tests", "test", "__pycache__", ".venv", "venv", "node_modules"}
# Method names too common outside boto3 to report as unresolved when the receiver is unknown.
GENERIC_METHODS = {
    "all", "abort", "close", "complete", "copy", "create", "delete", "filter", "get", "head",
    "limit", "load", "page_size", "put", "reload", "update", "upload", "wait", "enable", "suspend",
}
COLLECTION_METHODS = {"all", "filter", "limit", "page_size"}
LOCAL_CLIENT_METHODS = {"can_paginate", "close"}
# Callables that run a function with arguments given beside it → the function's position.
CALLBACK_RUNNERS = {"submit": 0, "partial": 0, "run_in_executor": 1, "Thread": -1}
KNOWN_LOCAL_KINDS = {"module", "instance", "class", "func", "boundmethod", "external"}

Value = tuple  # ("client", service) and friends, see Evaluator
Values = frozenset


# --------------------------------------------------------------------------------------------
# Program model: modules, scopes, bindings


@dataclass(eq=False, repr=False)
class Binding:
    kind: str  # expr | iter | with | import | importfrom | def | class | unknown | annotation
    node: Any
    scope: "Scope"
    extra: Any = None


@dataclass(eq=False, repr=False)
class Scope:
    kind: str  # module | function | class
    node: Any
    module: "Module"
    parent: "Scope | None"
    name: str = ""
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)
    params: list[ast.arg] = field(default_factory=list)
    returns: list[ast.expr] = field(default_factory=list)
    calls: list[ast.Call] = field(default_factory=list)
    subscript_stores: dict[str, list[tuple[ast.expr, "Scope"]]] = field(default_factory=dict)
    owner: "Scope | None" = None  # the class scope a method is defined in
    attr_stores: dict[str, list[tuple[ast.expr, "Scope"]]] = field(default_factory=dict)  # classes
    decorators: list[str] = field(default_factory=list)
    defined_in: "Scope | None" = None  # the scope whose code holds the def/class statement
    references: set[str] = field(default_factory=set)  # names the code uses or imports
    attribute_references: list[ast.Attribute] = field(default_factory=list)
    star_imports: list[ast.ImportFrom] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.name} {self.module.path.name}:{getattr(self.node, 'lineno', 0)}>"

    def bind(self, name: str, binding: Binding) -> None:
        target = self.module.scope if name in self.global_names else self
        target.bindings.setdefault(name, []).append(binding)

    @property
    def is_static(self) -> bool:
        return "staticmethod" in self.decorators

    @property
    def is_classmethod(self) -> bool:
        return "classmethod" in self.decorators

    @property
    def is_property(self) -> bool:
        return any(name in ("property", "cached_property") for name in self.decorators)

    def param_names(self) -> list[str]:
        return [param.arg for param in self.params]

    @property
    def param_set(self) -> frozenset[str]:
        cached = self.__dict__.get("_param_set")
        if cached is None:
            cached = frozenset(param.arg for param in self.params)
            self.__dict__["_param_set"] = cached
        return cached


@dataclass(eq=False, repr=False)
class Module:
    path: Path
    tree: ast.Module
    scope: Scope = None  # type: ignore[assignment]
    scopes: list[Scope] = field(default_factory=list)


def decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


class ScopeBuilder:
    """Collects each scope's bindings, returns, calls and attribute stores in one walk."""

    def __init__(self, module: Module) -> None:
        self.module = module

    def build(self) -> None:
        scope = Scope("module", self.module.tree, self.module, None, name="<module>")
        self.module.scope = scope
        self.module.scopes.append(scope)
        self.body(scope, self.module.tree.body)

    def new_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: Scope) -> Scope:
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
            for expression in [*node.decorator_list, *node.args.defaults, *filter(None, node.args.kw_defaults)]:
                self.expression(scope, expression)
            child = self.new_function(node, scope)
            child.decorators = [decorator_name(decorator) for decorator in node.decorator_list]
            for inner in ast.walk(node):
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
            for alias in node.names:
                if alias.asname:
                    scope.bind(alias.asname, Binding("import", alias.name, scope))
                else:
                    top = alias.name.split(".")[0]
                    scope.bind(top, Binding("import", top, scope))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    scope.star_imports.append(node)
                else:
                    scope.bind(alias.asname or alias.name, Binding("importfrom", node, scope, alias.name))
                    scope.references.add(alias.name)
        elif isinstance(node, ast.Global):
            scope.global_names.update(node.names)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            for handler in node.handlers:
                if handler.name:
                    scope.bind(handler.name, Binding("unknown", handler, scope))
        for name, value in ast.iter_fields(node):
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
            if kind == "expr" and isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for element, element_value in zip(target.elts, value.elts):
                    self.target(scope, element, element_value, kind)
            else:
                for position, element in enumerate(target.elts):
                    if isinstance(element, ast.Name) and kind == "expr" and not any(
                        isinstance(other, ast.Starred) for other in target.elts
                    ):
                        scope.bind(element.id, Binding("unpack", value, scope, position))
                        continue
                    for name in ast.walk(element):
                        if isinstance(name, ast.Name):
                            scope.bind(name.id, Binding("unknown", value, scope))
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and kind == "expr":
            method = scope if scope.kind == "function" else None
            if method is not None and method.owner is not None and method.params and target.value.id == method.params[0].arg:
                method.owner.attr_stores.setdefault(target.attr, []).append((value, scope))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and kind == "expr":
            scope.module.scope.subscript_stores.setdefault(target.value.id, []).append((value, scope))


# --------------------------------------------------------------------------------------------
# Finding local modules


class ModuleIndex:
    def __init__(self, root: Path, extra_roots: Iterable[Path]) -> None:
        self.root = root
        self.search_roots = [root, *[path for path in extra_roots if path != root]]
        self.modules: dict[Path, Module] = {}

    def load(self, path: Path) -> Module | None:
        path = Path(os.path.abspath(path))
        if path in self.modules:
            return self.modules[path]
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source, filename=str(path))
        except (OSError, SyntaxError, UnicodeDecodeError) as error:
            raise ScanError(f"{path}: cannot parse: {error}") from error
        module = Module(path, tree)
        self.modules[path] = module
        ScopeBuilder(module).build()
        return module

    def find(self, dotted: str, base_dirs: list[Path] | None = None) -> Path | None:
        """A local module file (or package __init__) for a dotted name, else None."""
        parts = dotted.split(".") if dotted else []
        for base in base_dirs if base_dirs is not None else self.search_roots:
            candidate = base.joinpath(*parts)
            if parts and candidate.with_suffix(".py").is_file():
                return candidate.with_suffix(".py")
            if (candidate / "__init__.py").is_file():
                return candidate / "__init__.py"
            if parts and candidate.is_dir() and base_dirs is None:
                return candidate  # namespace package directory
        return None

    def package_dir(self, module_path: Path, level: int) -> Path:
        directory = module_path.parent
        for _ in range(level - 1):
            directory = directory.parent
        return directory

    def resolve_from(self, module: Module, node: ast.ImportFrom) -> Path | None:
        if node.level:
            base = self.package_dir(module.path, node.level)
            if not node.module:
                return base / "__init__.py" if (base / "__init__.py").is_file() else base
            return self.find(node.module, [base])
        return self.find(node.module or "")

    def module_at(self, path: Path | None) -> Module | None:
        if path is None:
            return None
        if path.is_dir():
            return None
        return self.load(path)

    def submodule(self, package: Path, name: str) -> Path | None:
        directory = package.parent if package.name == "__init__.py" else package
        if not directory.is_dir() or not (package.name == "__init__.py" or package.is_dir()):
            return None
        return self.find(name, [directory])


class ScanError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Evaluation: which boto3 objects an expression may hold


def callee_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def is_aws(value: Value) -> bool:
    return value[0] in ("client", "resource", "collection", "paginator", "waiter", "batch_writer")


class Evaluator:
    """Abstract values (tuples), evaluated lazily with memoization and a recursion guard.

    ("boto3",) ("boto3.session",) ("boto3.fn", "client"|"resource"|"Session") ("session",)
    ("session.fn", "client"|"resource") ("client", service|None) ("resource", service, Type)
    ("resource.ctor", service, Type) ("resource.meta", service) ("collection", service, Owner,
    name, called) ("paginator", service) ("waiter", service) ("batch_writer", service)
    ("bound", receiver, method) ("func", scope) ("class", scope) ("instance", scope, ref)
    ("boundmethod", instance, scope) ("module", path) ("stub", module, name) ("str", text)
    ("dict", node-id) ("none",)
    """

    def __init__(self, index: ModuleIndex, iam_map: dict[str, Any]) -> None:
        self.index = index
        self.map = iam_map["services"]
        self.memo: dict[Any, Values] = {}
        self.active: set[Any] = set()
        self.depth = 0
        self.call_depth = 0
        self.env_dicts: dict[Any, dict[Any, Values]] = {}
        self.nodes: dict[int, tuple[ast.AST, Scope, Any]] = {}
        self.call_sites: list[tuple[ast.Call, Scope]] | None = None
        self.calls_by_name: dict[str | None, list[tuple[ast.Call, Scope]]] = {}
        self.param_memo: dict[tuple[int, str], Values] = {}
        self.parsed_annotations: dict[int, tuple[ast.AST, ast.AST]] = {}

    # -- entry points

    def eval(self, node: ast.AST, scope: Scope, env: Any = ()) -> Values:
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

    def env_dict(self, env: Any) -> dict[Any, Values]:
        cached = self.env_dicts.get(env)
        if cached is None:
            cached = self.env_dicts[env] = dict(env)
        return cached

    def strings(self, node: ast.AST | None, scope: Scope, env: Any) -> list[str]:
        if node is None:
            return []
        return sorted(value[1] for value in self.eval(node, scope, env) if value[0] == "str")

    # -- expressions

    def _eval(self, node: ast.AST, scope: Scope, env: Any) -> Iterator[Value]:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                yield ("str", node.value)
            elif node.value is None:
                yield ("none",)
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
            self.nodes[id(node)] = (node, scope, env)
            yield ("dict", id(node))
        elif isinstance(node, (ast.Tuple, ast.List)):
            self.nodes[id(node)] = (node, scope, env)
            yield ("tuple", id(node))
        elif isinstance(node, ast.Lambda):
            for candidate in scope.module.scopes:
                if candidate.node is node:
                    yield ("func", candidate)

    def lookup(self, name: str, scope: Scope, env: Any) -> Iterator[Value]:
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

    def binding(self, binding: Binding, name: str, env: Any) -> Iterator[Value]:
        kind, scope = binding.kind, binding.scope
        if kind == "expr":
            yield from self.eval(binding.node, scope, env)
        elif kind == "with":
            for value in self.eval(binding.node, scope, env):
                if value[0] in ("batch_writer", "client", "resource", "instance"):
                    yield value
        elif kind == "iter":
            for value in self.eval(binding.node, scope, env):
                if value[0] == "tuple":  # for client in (s3, sqs): ...
                    node = self.nodes[value[1]][0]
                    for position in range(len(node.elts)):
                        yield from self.element(value, position)
                elif value[0] == "collection":
                    _, service, owner, collection, _called = value
                    item = self.collection_model(service, owner, collection)
                    if item is not None:
                        yield ("resource", service, item["type"])
        elif kind == "annotation":
            yield from self.annotation(binding.node, scope)
        elif kind == "unpack":
            for value in self.eval(binding.node, scope, env):
                if value[0] == "tuple":
                    yield from self.element(value, binding.extra)
        elif kind == "def":
            yield ("func", binding.extra)
        elif kind == "class":
            yield ("class", binding.extra)
        elif kind == "import":
            yield from self.import_module(binding.node)
        elif kind == "importfrom":
            yield from self.import_from(binding.node, binding.extra, scope.module)

    # -- imports

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
                self.parsed_annotations[id(node)] = (node, parsed)  # keeps both alive: ids stay unique
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
        service = module[len("mypy_boto3_"):].split(".")[0]
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

    # -- attributes

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
                        env = self.freeze([((id(function), function.params[0].arg), frozenset([instance]))])
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
                    value[0] == "class" and value[1] is class_scope for value in self.eval(call.func, scope, ())
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

    # -- subscripts

    def subscript(self, node: ast.Subscript, scope: Scope, env: Any) -> Iterator[Value]:
        keys = self.strings(node.slice, scope, env)
        position = node.slice.value if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int) else None
        for base in self.eval(node.value, scope, env):
            if base[0] == "dict":
                yield from self.dict_values(base, keys)
            elif base[0] == "tuple" and position is not None:
                yield from self.element(base, position)
        if isinstance(node.value, ast.Name):
            for value_node, store_scope in scope.module.scope.subscript_stores.get(node.value.id, []):
                yield from self.eval(value_node, store_scope, env if store_scope is scope else ())

    def element(self, value: Value, position: int) -> Iterator[Value]:
        node, scope, env = self.nodes[value[1]]
        if -len(node.elts) <= position < len(node.elts) and not isinstance(node.elts[position], ast.Starred):
            yield from self.eval(node.elts[position], scope, env)

    def dict_values(self, value: Value, keys: list[str]) -> Iterator[Value]:
        node, scope, env = self.nodes[value[1]]
        for key, item in zip(node.keys, node.values):
            if key is None:
                continue
            if not keys or (isinstance(key, ast.Constant) and key.value in keys):
                yield from self.eval(item, scope, env)

    # -- calls

    def call(self, node: ast.Call, scope: Scope, env: Any) -> Iterator[Value]:
        for function in self.eval(node.func, scope, env):
            kind = function[0]
            if kind == "boto3.fn" or kind == "session.fn":
                what = function[1]
                if what == "Session":
                    yield ("session",)
                    continue
                argument = node.args[0] if node.args else next(
                    (keyword.value for keyword in node.keywords if keyword.arg == "service_name"), None
                )
                services = self.strings(argument, scope, env) or [None]
                for service in services:
                    if what == "client":
                        yield ("client", service)
                    else:
                        yield ("resource", service, "ServiceResource")
            elif kind == "resource.ctor":
                yield ("resource", function[1], function[2])
            elif kind == "bound":
                yield from self.bound_call(function, node, scope, env)
            elif kind == "func":
                yield from self.call_function(function[1], node, scope, env, None)
            elif kind == "boundmethod":
                yield from self.call_function(function[2], node, scope, env, function[1])
            elif kind == "class":
                ref = (node, scope, env) if self.call_depth < MAX_CONTEXT_DEPTH else None
                yield ("instance", function[1], ref)
            elif kind == "builtin" and function[1] == "cast" and len(node.args) == 2:
                yield from self.eval(node.args[1], scope, env)
                yield from self.annotation(node.args[0], scope)
            elif kind == "dict" and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "setdefault"):
                keys = self.strings(node.args[0], scope, env) if node.args else []
                yield from self.dict_values(function, keys)

    def bound_call(self, function: Value, node: ast.Call, scope: Scope, env: Any) -> Iterator[Value]:
        receiver, method = function[1], function[2]
        kind = receiver[0]
        if kind == "client" and method == "get_paginator":
            yield ("paginator", receiver[1])
        elif kind == "client" and method == "get_waiter":
            yield ("waiter", receiver[1])
        elif kind == "resource" and method == "batch_writer":
            yield ("batch_writer", receiver[1])
        elif kind == "collection" and method in COLLECTION_METHODS:
            yield ("collection", *receiver[1:4], True)

    def freeze(self, pairs: Iterable[tuple[Any, Values]]) -> Any:
        merged: dict[Any, Values] = {}
        for key, values in pairs:
            merged[key] = frozenset(values)
        return tuple(sorted(merged.items(), key=lambda item: (item[0][0], item[0][1])))

    def bind_arguments(self, function: Scope, ref: Any, skip_self: bool) -> list[tuple[Any, Values]]:
        call, scope, env = ref
        params = function.node.args
        positional = [*params.posonlyargs, *params.args]
        if skip_self:
            positional = positional[1:]
        pairs: list[tuple[Any, Values]] = []
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
            if keyword.arg in names:
                pairs.append(((id(function), keyword.arg), self.eval(keyword.value, scope, env)))
                bound.add(keyword.arg)
        has_splat = any(isinstance(argument, ast.Starred) for argument in call.args) or any(
            keyword.arg is None for keyword in call.keywords
        )
        if not has_splat:
            defaults = dict(zip([param.arg for param in positional][-len(params.defaults):] if params.defaults else [], params.defaults))
            defaults.update({param.arg: default for param, default in zip(params.kwonlyargs, params.kw_defaults) if default is not None})
            for name, default in defaults.items():
                if name not in bound:
                    pairs.append(((id(function), name), self.eval(default, function.parent or function, ())))
        return pairs

    def call_function(self, function: Scope, node: ast.Call, scope: Scope, env: Any, instance: Value | None) -> Iterator[Value]:
        if self.depth > MAX_CALL_DEPTH * 4 or not function.returns:
            return
        # Keep only what the callee can see: its enclosing functions' bindings (closures).
        enclosing = set()
        ancestor = function.parent
        while ancestor is not None:
            enclosing.add(id(ancestor))
            ancestor = ancestor.parent
        if self.call_depth >= MAX_CONTEXT_DEPTH:
            inner_env: Any = ()
        else:
            pairs = [pair for pair in env if pair[0][0] in enclosing] if env else []
            skip_self = instance is not None and not function.is_static
            if skip_self and function.params:
                pairs.append(((id(function), function.params[0].arg), frozenset([instance])))
            pairs.extend(self.bind_arguments(function, (node, scope, env), skip_self))
            inner_env = self.freeze(pairs)
        self.call_depth += 1
        try:
            results = [value for returned in function.returns for value in self.eval(returned, function, inner_env)]
        finally:
            self.call_depth -= 1
        yield from results

    # -- parameters without a call context: what every call site passes

    def all_call_sites(self) -> list[tuple[ast.Call, Scope]]:
        if self.call_sites is None:
            self.call_sites = [
                (call, scope)
                for module in list(self.index.modules.values())
                for scope in module.scopes
                for call in scope.calls
            ]
            self.calls_by_name = {}
            for call, scope in self.call_sites:
                self.calls_by_name.setdefault(callee_name(call.func), []).append((call, scope))
        return self.call_sites

    def calls_named(self, name: str | None) -> list[tuple[ast.Call, Scope]]:
        """Call sites whose callee is spelled `name(...)` or `x.name(...)`."""
        self.all_call_sites()
        return self.calls_by_name.get(name, [])

    def parameter(self, function: Scope, name: str) -> Iterator[Value]:
        key = (id(function), name)
        if key in self.param_memo:
            yield from self.param_memo[key]
            return
        self.param_memo[key] = frozenset()  # recursion guard
        values: set[Value] = set()
        params = function.param_names()
        if function.owner is not None and params and name == params[0] and not function.is_static:
            if function.is_classmethod:
                values.add(("class", function.owner))
            else:
                values.add(("instance", function.owner, None))
        else:
            param = next(param for param in function.params if param.arg == name)
            if param.annotation is not None:
                values.update(self.annotation(param.annotation, function.parent or function))
            values.update(self.parameter_default(function, name))
            targets = {function.name}
            if function.name == "__init__" and function.owner is not None:
                targets.add(function.owner.name)
            for call, scope in [site for target in sorted(targets) for site in self.calls_named(target)]:
                for callee_value in self.eval(call.func, scope, ()):
                    if callee_value[0] == "func" and callee_value[1] is function:
                        skip = False
                    elif callee_value[0] == "boundmethod" and callee_value[2] is function:
                        skip = not function.is_static
                    elif callee_value[0] == "class" and function.owner is not None and any(
                        scope_ is function.owner for scope_ in self.mro(callee_value[1])
                    ) and function.name == "__init__":
                        skip = True
                    else:
                        continue
                    for (_, bound_name), bound_values in self.bind_arguments(function, (call, scope, ()), skip):
                        if bound_name == name:
                            values.update(bound_values)
            values.update(self.parameter_passed_as_callback(function, name))
        self.param_memo[key] = frozenset(values)
        yield from values

    def parameter_default(self, function: Scope, name: str) -> set[Value]:
        arguments = function.node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        pairs = list(zip([param.arg for param in positional][len(positional) - len(arguments.defaults):], arguments.defaults))
        pairs += [(param.arg, default) for param, default in zip(arguments.kwonlyargs, arguments.kw_defaults) if default is not None]
        values: set[Value] = set()
        for param_name, default in pairs:
            if param_name == name:
                values.update(self.eval(default, function.parent or function, ()))
        return values

    def parameter_passed_as_callback(self, function: Scope, name: str) -> set[Value]:
        """Arguments given with the function to executor.submit(f, ...), functools.partial(f, ...),
        loop.run_in_executor(executor, f, ...) and threading.Thread(target=f, args=(...))."""
        values: set[Value] = set()
        sites = [(runner, site) for runner in sorted(CALLBACK_RUNNERS) for site in self.calls_named(runner)]
        for callee, (call, scope) in sites:
            if callee == "Thread":
                target = next((keyword.value for keyword in call.keywords if keyword.arg == "target"), None)
                given = next((keyword.value for keyword in call.keywords if keyword.arg == "args"), None)
                arguments = given.elts if isinstance(given, (ast.Tuple, ast.List)) else []
                keywords: list[ast.keyword] = []
            else:
                offset = CALLBACK_RUNNERS[callee]
                if len(call.args) <= offset:
                    continue
                target = call.args[offset]
                arguments = call.args[offset + 1:]
                keywords = [keyword for keyword in call.keywords if callee == "partial"]
            if target is None:
                continue
            target_name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            if target_name != function.name:
                continue
            for value in self.eval(target, scope, ()):
                if value[0] == "func" and value[1] is function:
                    skip = False
                elif value[0] == "boundmethod" and value[2] is function:
                    skip = not function.is_static
                else:
                    continue
                synthetic = ast.Call(func=target, args=list(arguments), keywords=keywords)
                for (_, bound_name), bound_values in self.bind_arguments(function, (synthetic, scope, ()), skip):
                    if bound_name == name:
                        values.update(bound_values)
        return values

    # -- resource model helpers

    def collection_model(self, service: str | None, owner: str, collection: str) -> dict[str, Any] | None:
        return (
            self.map.get(service or "", {}).get("resource", {}).get(owner, {}).get("collections", {}).get(collection)
        )


# --------------------------------------------------------------------------------------------
# The scan


class Scanner:
    def __init__(
        self, root: Path, entries: list[Path], iam_map: dict[str, Any], repo_root: Path, extra_roots: list[Path]
    ) -> None:
        self.root = root
        self.entries = entries
        self.map = iam_map
        self.repo_root = repo_root
        self.index = ModuleIndex(root, extra_roots)
        self.evaluator = Evaluator(self.index, iam_map)
        self.calls: dict[tuple, dict[str, Any]] = {}
        self.unresolved: dict[tuple, dict[str, Any]] = {}
        self.aws_method_names = self.known_method_names()

    def known_method_names(self) -> set[str]:
        names: set[str] = set()
        for service in self.map["services"].values():
            names.update(service["client"])
            names.update(service.get("unmapped", []))
            for resource in service.get("resource", {}).values():
                names.update(resource["methods"])
        return names - GENERIC_METHODS - LOCAL_CLIENT_METHODS

    def relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.repo_root)).as_posix()

    def reachable_modules(self) -> list[Module]:
        pending = [self.index.load(entry) for entry in self.entries]
        seen: dict[Path, Module] = {}
        while pending:
            module = pending.pop()
            if module is None or module.path in seen:
                continue
            seen[module.path] = module
            for path in self.imported_paths(module):
                if path.is_file() and path not in seen:
                    pending.append(self.index.load(path))
        return [seen[path] for path in sorted(seen)]

    def imported_paths(self, module: Module) -> Iterator[Path]:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    for count in range(1, len(parts) + 1):
                        path = self.index.find(".".join(parts[:count]))
                        if path is not None:
                            yield path
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0 and node.module:
                    parts = node.module.split(".")
                    for count in range(1, len(parts)):
                        path = self.index.find(".".join(parts[:count]))
                        if path is not None:
                            yield path
                package = self.index.resolve_from(module, node)
                if package is None:
                    continue
                yield package
                for alias in node.names:
                    submodule = self.index.submodule(package, alias.name)
                    if submodule is not None:
                        yield submodule

    def reachable_scopes(self, modules: list[Module]) -> set[int]:
        """Scopes whose code may run: module bodies, class bodies, entry modules' top-level
        functions, and any function whose name reachable code mentions (a deliberate
        over-approximation; dunder methods run when their class does)."""
        entries = {Path(os.path.abspath(entry)) for entry in self.entries}
        scopes = [scope for module in modules for scope in module.scopes]
        reachable: set[int] = set()
        references: set[str] = set()
        attributes: dict[str, list[tuple[ast.Attribute, Scope]]] = {}

        def module_function_used(function: Scope) -> bool:
            if function.name in references:
                return True
            for node, user in attributes.get(function.name, []):
                if any(value == ("module", function.module.path) for value in self.evaluator.eval(node.value, user, ())):
                    return True
            return False

        changed = True
        while changed:
            changed = False
            for scope in scopes:
                if id(scope) in reachable:
                    continue
                defined_in = scope.defined_in
                if scope.kind == "module":
                    ok = True
                elif defined_in is None or id(defined_in) not in reachable:
                    ok = False
                elif scope.kind == "class" or scope.name == "<lambda>":
                    ok = True
                elif defined_in.kind == "module" and scope.module.path in entries:
                    ok = True
                elif scope.name.startswith("__") and scope.name.endswith("__"):
                    ok = True
                elif defined_in.kind == "module":
                    ok = module_function_used(scope)
                else:
                    ok = scope.name in references or scope.name in attributes
                if ok:
                    reachable.add(id(scope))
                    references |= scope.references
                    for node in scope.attribute_references:
                        attributes.setdefault(node.attr, []).append((node, scope))
                    changed = True
        return reachable

    def scan(self) -> dict[str, Any]:
        modules = self.reachable_modules()
        reachable = self.reachable_scopes(modules)
        for module in modules:
            for scope in module.scopes:
                if id(scope) not in reachable:
                    continue
                for call in scope.calls:
                    self.visit_call(call, scope, module)
                callees = {id(call.func) for call in scope.calls}
                for node in scope.attribute_references:
                    if isinstance(node.ctx, ast.Load) and id(node) not in callees:
                        self.visit_attribute(node, scope, module)
        calls = sorted(self.calls.values(), key=self.sort_key)
        unresolved = sorted(self.unresolved.values(), key=self.sort_key)
        return {
            "calls": calls,
            "summary": {
                "calls": len(calls),
                "conditional_actions": sorted(
                    {action for call in calls for action in call["conditional_actions"]}
                    - {action for call in calls for action in call["iam_actions"]}
                ),
                "iam_actions": sorted({action for call in calls for action in call["iam_actions"]}),
                "unresolved": len(unresolved),
            },
            "entries": sorted(self.relative(entry) for entry in self.entries),
            "files": [self.relative(module.path) for module in modules],
            "format": OUTPUT_FORMAT,
            "map": {"boto3": self.map.get("boto3"), "botocore": self.map.get("botocore")},
            "root": self.relative(self.root),
            "unresolved": unresolved,
        }

    @staticmethod
    def sort_key(entry: dict[str, Any]) -> tuple:
        return (
            entry["file"], entry["line"], entry["column"], entry.get("service") or "",
            entry.get("resource") or "", entry.get("operation") or "", entry.get("reason", ""),
        )

    # -- one call

    def visit_call(self, call: ast.Call, scope: Scope, module: Module) -> None:
        function_values = self.evaluator.eval(call.func, scope, ())
        handled = False
        for value in function_values:
            if value[0] == "bound" and is_aws(value[1]):
                handled = True
                self.record_bound(value[1], value[2], call, scope, module)
        if handled or function_values or not isinstance(call.func, ast.Attribute):
            return  # a boto3 call, or a callee the scan knows (a local function, boto3.client ...)
        method = call.func.attr
        if method not in self.aws_method_names:
            return
        receivers = self.evaluator.eval(call.func.value, scope, ())
        if any(value[0] in KNOWN_LOCAL_KINDS for value in receivers):
            return  # a known, non-boto3 object (a local class or module ...)
        self.add_unresolved(module, call, method, None, "receiver is not a known boto3 client or resource")

    def visit_attribute(self, node: ast.Attribute, scope: Scope, module: Module) -> None:
        """Reading a loadable attribute of a boto3 resource (``table.item_count``) calls load()."""
        for value in self.evaluator.eval(node.value, scope, ()):
            if value[0] != "resource" or value[1] is None:
                continue
            resource = self.map["services"].get(value[1], {}).get("resource", {}).get(value[2], {})
            if node.attr in resource.get("attributes", []) and "load" in resource.get("methods", {}):
                self.add_call(module, node, value[1], node.attr, value[2], resource["methods"]["load"], "attribute", scope)

    def record_bound(self, receiver: Value, method: str, call: ast.Call, scope: Scope, module: Module) -> None:
        kind, service = receiver[0], receiver[1]
        if service is None:
            self.add_unresolved(module, call, method, None, "service name is not a constant")
            return
        services = self.map["services"]
        if service not in services:
            self.add_unresolved(module, call, method, service, f"service {service} is not in boto3-iam-map.json")
            return
        model = services[service]
        if kind == "client":
            self.record_client(model, service, method, call, scope, module)
        elif kind == "resource":
            type_name = receiver[2]
            resource = model.get("resource", {}).get(type_name)
            entry = resource["methods"].get(method) if resource else None
            if entry is None:
                self.add_unresolved(module, call, method, service, f"no IAM mapping for {service} {type_name}.{method}")
            else:
                self.add_call(module, call, service, method, type_name, entry, "resource", scope)
        elif kind == "collection":
            _, _, owner, collection_name, called = receiver
            collection = self.evaluator.collection_model(service, owner, collection_name)
            if collection is None:
                return
            if method in COLLECTION_METHODS:
                if not called:
                    self.add_call(module, call, service, f"{collection_name}.{method}", owner, collection["list"], "collection", scope)
            elif method in collection.get("batch", {}):
                self.add_call(module, call, service, f"{collection_name}.{method}", owner, collection["batch"][method], "collection", scope)
            else:
                self.add_unresolved(module, call, method, service, f"no IAM mapping for {service} {owner}.{collection_name}.{method}")

    def record_client(self, model: dict[str, Any], service: str, method: str, call: ast.Call, scope: Scope, module: Module) -> None:
        client = model["client"]
        if method in LOCAL_CLIENT_METHODS:
            return
        if method in ("get_paginator", "get_waiter", "generate_presigned_url"):
            argument = call.args[0] if call.args else next(
                (keyword.value for keyword in call.keywords if keyword.arg in ("operation_name", "waiter_name", "ClientMethod")),
                None,
            )
            names = self.evaluator.strings(argument, scope, ())
            if not names:
                self.add_unresolved(module, call, method, service, f"{method} argument is not a constant")
            for name in names:
                target = name
                if method == "get_paginator":
                    target = model.get("paginators", {}).get(name)
                elif method == "get_waiter":
                    target = model.get("waiters", {}).get(name)
                entry = client.get(target) if target else None
                if entry is None:
                    self.add_unresolved(module, call, name, service, f"no IAM mapping for {service} {method}({name!r})")
                else:
                    via = {"get_paginator": "paginator", "get_waiter": "waiter", "generate_presigned_url": "presigned_url"}[method]
                    self.add_call(module, call, service, target, None, entry, via, scope)
            return
        entry = client.get(method)
        if entry is None:
            reason = (
                f"no IAM mapping for {service}.{method}"
                if method in model.get("unmapped", [])
                else f"{service} client has no method {method}"
            )
            self.add_unresolved(module, call, method, service, reason)
            return
        self.add_call(module, call, service, method, None, entry, "client", scope)

    def add_call(self, module: Module, call: ast.Call, service: str, operation: str, resource: str | None,
                 entry: dict[str, Any], via: str, scope: Scope) -> None:
        if entry.get("unmapped"):
            self.add_unresolved(module, call, operation, service, f"no IAM mapping for {service}.{entry.get('client')}")
            return
        required = set(entry.get("actions", []))
        promoted: set[str] = set()
        for rule in entry.get("ifArgument", []):
            if argument_has_path(call, rule["path"], self.evaluator, scope):
                promoted.update(rule["actions"])
        required |= promoted
        conditional = set(entry.get("conditional", [])) - required
        record = {
            "column": call.col_offset,
            "conditional_actions": sorted(conditional),
            "file": self.relative(module.path),
            "iam_actions": sorted(required),
            "line": call.lineno,
            "operation": operation,
            "resource": resource,
            "service": service,
            "via": via,
        }
        key = (record["file"], record["line"], record["column"], service, operation, resource or "")
        if key in self.calls:
            existing = self.calls[key]
            existing["iam_actions"] = sorted(set(existing["iam_actions"]) | required)
            existing["conditional_actions"] = sorted(
                (set(existing["conditional_actions"]) | conditional) - set(existing["iam_actions"])
            )
        else:
            self.calls[key] = record

    def add_unresolved(self, module: Module, call: ast.Call, operation: str, service: str | None, reason: str) -> None:
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else call.func
        record = {
            "column": call.col_offset,
            "expression": ast.unparse(receiver)[:120],
            "file": self.relative(module.path),
            "line": call.lineno,
            "operation": operation,
            "reason": reason,
            "service": service,
        }
        key = (record["file"], record["line"], record["column"], service or "", operation, reason)
        self.unresolved[key] = record


def argument_has_path(call: ast.Call, path: str, evaluator: Evaluator, scope: Scope) -> bool:
    """Whether the call's literal keyword argument has the key path ("Image.S3Object", "Items[].Put")."""
    first, *rest = path.split(".")
    keyword_name = first.removesuffix("[]")
    value = next((keyword.value for keyword in getattr(call, "keywords", []) if keyword.arg == keyword_name), None)
    if value is None:
        return False
    nodes = literal_nodes(value, evaluator, scope)
    if first.endswith("[]"):
        nodes = [element for node in nodes if isinstance(node, (ast.List, ast.Tuple)) for element in node.elts]
        nodes = [item for element in nodes for item in literal_nodes(element, evaluator, scope)]
    for part in rest:
        key = part.removesuffix("[]")
        found = []
        for node in nodes:
            if isinstance(node, ast.Dict):
                for dict_key, dict_value in zip(node.keys, node.values):
                    if isinstance(dict_key, ast.Constant) and dict_key.value == key:
                        found.extend(literal_nodes(dict_value, evaluator, scope))
        if part.endswith("[]"):
            found = [element for node in found if isinstance(node, (ast.List, ast.Tuple)) for element in node.elts]
        nodes = found
        if part is rest[-1]:
            return bool(found) or any(
                isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == key for k in node.keys)
                for node in nodes
            )
    return bool(nodes)


def literal_nodes(node: ast.AST, evaluator: Evaluator, scope: Scope) -> list[ast.AST]:
    """The literal(s) an argument is: itself, or the dict a local name was assigned."""
    if isinstance(node, (ast.Dict, ast.List, ast.Tuple)):
        return [node]
    if isinstance(node, ast.Name):
        return [evaluator.nodes[value[1]][0] for value in evaluator.eval(node, scope, ()) if value[0] == "dict"]
    return [node]


# --------------------------------------------------------------------------------------------
# Command line


def find_repo_root(start: Path) -> Path:
    for directory in [start, *start.parents]:
        if (directory / ".git").exists():
            return directory
    return Path.cwd()


def python_files(directory: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(name for name in dirnames if name not in EXCLUDED_DIRS and not name.startswith("."))
        for filename in sorted(filenames):
            if filename.endswith(".py") and not filename.startswith("test_") and filename != "conftest.py":
                files.append(Path(dirpath) / filename)
    return files


def resolve_entries(root: Path, entries: list[str]) -> tuple[list[Path], list[Path]]:
    """Entry module files, and the extra import roots they bring: a file's own directory (a
    Lambda zip holds the handler's directory at its top), or a directory entry itself."""
    if not entries:
        return python_files(root), []
    resolved: list[Path] = []
    roots: list[Path] = []
    for entry in entries:
        candidates = [root / entry, Path(entry)]
        if not entry.endswith(".py"):
            dotted = root.joinpath(*entry.split("."))
            candidates += [dotted.with_name(dotted.name + ".py"), dotted / "__init__.py"]
        path = next((candidate for candidate in candidates if candidate.exists()), None)
        if path is None:
            raise ScanError(f"entry {entry} not found under {root}")
        path = Path(os.path.abspath(path))
        if path.is_dir():
            resolved.extend(python_files(path))
            roots.append(path)
        else:
            resolved.append(path)
            roots.append(path.parent)
    return sorted(set(resolved)), sorted(set(roots))


def scan(root: Path, entries: list[str], map_path: Path = DEFAULT_MAP, repo_root: Path | None = None) -> dict[str, Any]:
    """Scans and returns the report (the same dict main prints)."""
    root = Path(os.path.abspath(root))
    if not root.is_dir():
        raise ScanError(f"handlers root {root} is not a directory")
    iam_map = json.loads(Path(map_path).read_text(encoding="utf-8"))
    repo = Path(os.path.abspath(repo_root)) if repo_root else find_repo_root(root)
    files, extra_roots = resolve_entries(root, entries)
    return Scanner(root, files, iam_map, repo, extra_roots).scan()


def manifest_entries(manifest_path: Path) -> dict[str, str]:
    """Function name → entry module file (relative to the manifest's directory) for each function
    of a handlers manifest: the module of its ``handler`` (``app.handler``) or ``entry_point``
    (``app:app``) inside the zip source that lands at the top of its package (``"to": ""``)."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entries = {}
    for name, function in sorted(manifest.get("functions", {}).items()):
        if "handler" in function:
            module = function["handler"].rsplit(".", 1)[0]
        elif "entry_point" in function:
            module = function["entry_point"].split(":", 1)[0]
        else:
            raise ScanError(f"{manifest_path}: function {name} has neither handler nor entry_point")
        top = next((source["from"] for source in function.get("zip_sources", []) if source.get("to") == ""), None)
        if top is None:
            raise ScanError(f'{manifest_path}: function {name} has no zip source with "to": ""')
        entries[name] = f"{top}/{module.replace('.', '/')}.py"
    return entries


def scan_manifest(manifest_path: Path, map_path: Path = DEFAULT_MAP, repo_root: Path | None = None) -> dict[str, Any]:
    """One report per function of a handlers manifest; the manifest's directory is the root."""
    manifest_path = Path(os.path.abspath(manifest_path))
    root = manifest_path.parent
    repo = Path(os.path.abspath(repo_root)) if repo_root else find_repo_root(root)
    functions = {
        name: scan(root, [entry], map_path, repo) for name, entry in manifest_entries(manifest_path).items()
    }
    return {
        "format": OUTPUT_FORMAT,
        "functions": functions,
        "manifest": Path(os.path.relpath(manifest_path, repo)).as_posix(),
    }


def main(argv: list[str] | None = None) -> int:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, nargs="?", help="handlers root (the directory on sys.path)")
    parser.add_argument("entries", nargs="*", help="entry module files, dotted names or directories")
    parser.add_argument("--manifest", type=Path, help="scan every function of this handlers manifest.json instead")
    parser.add_argument("--map", type=Path, default=DEFAULT_MAP, help="boto3-iam-map.json")
    parser.add_argument("--repo-root", type=Path, help="paths are reported relative to it (default: the git root)")
    parser.add_argument("--fail-on-unresolved", action="store_true")
    arguments = parser.parse_args(argv)
    if (arguments.manifest is None) == (arguments.root is None):
        parser.print_usage(sys.stderr)
        print("scan_handler_calls: give either a handlers root or --manifest", file=sys.stderr)
        return 2
    try:
        if arguments.manifest is not None:
            report = scan_manifest(arguments.manifest, arguments.map, arguments.repo_root)
            reports = list(report["functions"].values())
        else:
            report = scan(arguments.root, arguments.entries, arguments.map, arguments.repo_root)
            reports = [report]
    except (ScanError, OSError, json.JSONDecodeError, KeyError, TypeError) as error:
        print(f"scan_handler_calls: {error}", file=sys.stderr)
        return 2
    json.dump(report, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 1 if arguments.fail_on_unresolved and any(item["unresolved"] for item in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
