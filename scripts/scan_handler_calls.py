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

import gc
import sys

# A scan is a short process that builds many small objects (syntax trees, scopes) and frees
# them all at exit: the cycle collector's passes over them were a seventh of its time.
if __name__ == "__main__":
    gc.disable()

# Bytecode. `iam review` runs this script with `-X pycache_prefix=.facestack/cache/python` so
# that the scanner's compiled modules live in facestack's cache, not in the source tree. A
# prefix applies to every module imported after start-up, though: the standard library's would
# be compiled again (about 60 modules, 0.25 s) whenever that cache is new. So when the standard
# library ships its bytecode, the prefix is narrowed to this package and the standard library
# reads its own; without it (some container images delete it), the prefix keeps caching both.
# (Imported as a module, by tests, this leaves the importing process's prefix alone.)


def _stdlib_has_bytecode() -> bool:
    import os  # loaded at start-up already

    tag = sys.implementation.cache_tag
    folder = os.path.dirname(getattr(os, "__file__", None) or "")
    return bool(tag and folder) and os.path.exists(
        os.path.join(folder, "__pycache__", f"argparse.{tag}.pyc")
    )


_BYTECODE_PREFIX = sys.pycache_prefix if __name__ == "__main__" else None
if _BYTECODE_PREFIX is not None and _stdlib_has_bytecode():
    sys.pycache_prefix = None
else:
    _BYTECODE_PREFIX = None

from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader  # noqa: E402
from importlib.util import cache_from_source  # noqa: E402
from pathlib import Path  # noqa: E402

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import CodeType, ModuleType

_PACKAGE = "handler_scan"


class _PrefixedLoader(SourceFileLoader):
    """A package module's loader whose bytecode is read and written under the prefix. Only
    `get_code` sees the prefix: the module runs (and imports the standard library) after it."""

    def get_code(self, fullname: str) -> CodeType | None:
        sys.pycache_prefix = _BYTECODE_PREFIX
        try:
            return super().get_code(fullname)
        finally:
            sys.pycache_prefix = None


class _PackageFinder:
    """Finds this package's modules as the path finder does, with `_PrefixedLoader`."""

    @staticmethod
    def find_spec(
        fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != _PACKAGE and not fullname.startswith(_PACKAGE + "."):
            return None
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is not None and isinstance(spec.loader, SourceFileLoader):
            spec.loader = _PrefixedLoader(spec.loader.name, spec.loader.path)
            sys.pycache_prefix = _BYTECODE_PREFIX  # so that `__cached__` names the real file
            try:
                spec.cached = cache_from_source(spec.loader.path)
            finally:
                sys.pycache_prefix = None
        return spec


if _BYTECODE_PREFIX is not None:
    sys.meta_path.insert(0, _PackageFinder)

# Run by path (as the Swift CLI does), the package beside this script must be importable.
_SCRIPTS = str(Path(__file__).resolve().parent)
if _SCRIPTS not in sys.path:
    sys.path.insert(0, _SCRIPTS)

from handler_scan import (  # noqa: E402
    DEFAULT_MAP,
    OUTPUT_FORMAT,
    Evaluator,
    ModuleIndex,
    ScanError,
    Scanner,
    main,
    manifest_entries,
    resolve_entries,
    scan,
    scan_manifest,
)

__all__ = [
    "DEFAULT_MAP",
    "OUTPUT_FORMAT",
    "Evaluator",
    "ModuleIndex",
    "ScanError",
    "Scanner",
    "main",
    "manifest_entries",
    "resolve_entries",
    "scan",
    "scan_manifest",
]

if __name__ == "__main__":
    sys.exit(main())
