"""Program model: modules, scopes and the bindings each scope holds."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(eq=False, repr=False)
class Binding:
    kind: str  # expr | iter | with | import | importfrom | def | class | unknown | annotation
    node: Any
    scope: Scope
    extra: Any = None


@dataclass(eq=False, repr=False)
class Scope:
    kind: str  # module | function | class
    node: Any
    module: Module
    parent: Scope | None
    name: str = ""
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)
    params: list[ast.arg] = field(default_factory=list)
    returns: list[ast.expr] = field(default_factory=list)
    calls: list[ast.Call] = field(default_factory=list)
    subscript_stores: dict[str, list[tuple[ast.expr, Scope]]] = field(default_factory=dict)
    owner: Scope | None = None  # the class scope a method is defined in
    attr_stores: dict[str, list[tuple[ast.expr, Scope]]] = field(default_factory=dict)  # classes
    decorators: list[str] = field(default_factory=list)
    defined_in: Scope | None = None  # the scope whose code holds the def/class statement
    references: set[str] = field(default_factory=set)  # names the code uses or imports
    attribute_references: list[ast.Attribute] = field(default_factory=list)
    star_imports: list[ast.ImportFrom] = field(default_factory=list)

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


@dataclass(eq=False, repr=False)
class Module:
    path: Path
    tree: ast.Module
    scope: Scope = None  # type: ignore[assignment]
    scopes: list[Scope] = field(default_factory=list)
    # Every import statement, at any depth (found by ScopeBuilder's walk, once per process).
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
