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

import sys
from pathlib import Path

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
