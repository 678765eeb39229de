"""Which modules an entry reaches through its imports, and which of their scopes may run."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

from .evaluator import Evaluator
from .model import Module, Scope
from .module_index import ModuleIndex
from .values import LocalModule

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up


class Reachability:
    """Mixed into ``Scanner``: uses its ``entries``, ``index`` and ``evaluator``."""

    if TYPE_CHECKING:
        entries: list[Path]
        index: ModuleIndex
        evaluator: Evaluator

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
        for node in module.imports:
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
                if any(
                    isinstance(value, LocalModule) and value.path == function.module.path
                    for value in self.evaluator.eval(node.value, user, ())
                ):
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
                elif (
                    scope.kind == "class"
                    or scope.name == "<lambda>"
                    or (defined_in.kind == "module" and scope.module.path in entries)
                    or (scope.name.startswith("__") and scope.name.endswith("__"))
                ):
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
