"""Static scan of the boto3 calls in Lambda handler code (``scripts/scan_handler_calls.py``).

Stages, one module each: ``model`` and ``scope_builder`` (scopes and bindings of a parsed
module), ``module_index`` (finding local modules), ``evaluator`` with its parts
``import_resolution``, ``attributes`` and ``parameters`` (which boto3 clients and resources an
expression may hold, as the typed abstract values of ``values``), ``reachability`` (which
modules and scopes may run), ``scanner`` and ``arguments`` (recording calls), ``entries`` and
``api`` (entry modules, manifests) and ``cli``.

    from handler_scan import scan
    report = scan(Path("stacks/FaceRecognition/handlers"), ["detect"])
"""

from __future__ import annotations

from .api import scan, scan_manifest
from .cli import main
from .constants import DEFAULT_MAP, OUTPUT_FORMAT
from .entries import find_repo_root, manifest_entries, python_files, resolve_entries
from .errors import ScanError
from .evaluator import Evaluator
from .module_index import ModuleIndex
from .scanner import Scanner

__all__ = [
    "DEFAULT_MAP",
    "OUTPUT_FORMAT",
    "Evaluator",
    "ModuleIndex",
    "ScanError",
    "Scanner",
    "find_repo_root",
    "main",
    "manifest_entries",
    "python_files",
    "resolve_entries",
    "scan",
    "scan_manifest",
]
