"""Program model: modules, scopes and the bindings each scope holds."""

from __future__ import annotations

import ast
from pathlib import Path

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from typing import Any


class Binding:
    """What a name is bound to in a scope. ``kind`` is one of expr, iter, with, unpack, import,
    importfrom, def, class, unknown or annotation."""

    __slots__ = ("extra", "kind", "node", "scope")

    def __init__(self, kind: str, node: Any, scope: Scope, extra: Any = None) -> None:
        self.kind = kind
        self.node = node
        self.scope = scope
        self.extra = extra


class Scope:
    """A module, class or function of the scanned code, and what its own code binds and does
    (compared by identity)."""

    def __init__(
        self, kind: str, node: Any, module: Module, parent: Scope | None, name: str = ""
    ) -> None:
        self.kind = kind  # module | function | class
        self.node = node
        self.module = module
        self.parent = parent
        self.name = name
        self.bindings: dict[str, list[Binding]] = {}
        self.global_names: set[str] = set()
        self.params: list[ast.arg] = []
        self.returns: list[ast.expr] = []
        self.calls: list[ast.Call] = []
        self.subscript_stores: dict[str, list[tuple[ast.expr, Scope]]] = {}
        self.owner: Scope | None = None  # the class scope a method is defined in
        self.attr_stores: dict[str, list[tuple[ast.expr, Scope]]] = {}  # classes
        self.decorators: list[str] = []
        self.defined_in: Scope | None = None  # the scope whose code holds the def/class statement
        self.references: set[str] = set()  # names the code uses or imports
        self.attribute_references: list[ast.Attribute] = []
        self.star_imports: list[ast.ImportFrom] = []

    def __repr__(self) -> str:
        return (
            f"<{self.kind} {self.name} {self.module.path.name}:{getattr(self.node, 'lineno', 0)}>"
        )

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


class Module:
    """A parsed file of the scanned code and its scopes (compared by identity)."""

    def __init__(self, path: Path, tree: ast.Module) -> None:
        self.path = path
        self.tree = tree
        self.scope: Scope = None  # type: ignore[assignment]  # set by ScopeBuilder.build
        self.scopes: list[Scope] = []
        # Every import statement, at any depth (found by ScopeBuilder's walk, once per process).
        self.imports: list[ast.Import | ast.ImportFrom] = []
