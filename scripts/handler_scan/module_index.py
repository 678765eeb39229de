"""Finding and loading the local modules an entry imports."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable
from pathlib import Path

from .errors import ScanError
from .model import Module
from .scope_builder import ScopeBuilder

# Parsed modules shared by every scan of one process (``--each`` scans several entries that
# import the same shared package): a Module's tree and scopes depend on its file alone; what
# depends on a scan's roots (import resolution, evaluation) lives on that scan's objects.
_PARSED: dict[tuple[Path, int, int], Module] = {}
# Where a dotted name was found from given search roots, for the same process: the files do
# not change while a scan runs (each scan asks the same questions of the shared modules).
_FOUND: dict[tuple[tuple[Path, ...], str, bool], Path | None] = {}


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
            status = path.stat()
            key = (path, status.st_size, status.st_mtime_ns)
            module = _PARSED.get(key)
            if module is None:
                source = path.read_text(encoding="utf-8")
                tree = ast.parse(source, filename=str(path))
                module = Module(path, tree)
                ScopeBuilder(module).build()
                _PARSED[key] = module
        except (OSError, SyntaxError, UnicodeDecodeError) as error:
            raise ScanError(f"{path}: cannot parse: {error}") from error
        self.modules[path] = module
        return module

    def find(self, dotted: str, base_dirs: list[Path] | None = None) -> Path | None:
        """A local module file (or package __init__) for a dotted name, else None."""
        bases = tuple(base_dirs if base_dirs is not None else self.search_roots)
        key = (bases, dotted, base_dirs is None)
        if key not in _FOUND:
            _FOUND[key] = self._find(dotted, bases, namespaces=base_dirs is None)
        return _FOUND[key]

    @staticmethod
    def _find(dotted: str, bases: tuple[Path, ...], namespaces: bool) -> Path | None:
        parts = dotted.split(".") if dotted else []
        for base in bases:
            candidate = base.joinpath(*parts)
            if parts and candidate.with_suffix(".py").is_file():
                return candidate.with_suffix(".py")
            if (candidate / "__init__.py").is_file():
                return candidate / "__init__.py"
            if parts and candidate.is_dir() and namespaces:
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
