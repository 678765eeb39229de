"""The scan as functions: one entry list, or every function of a handlers manifest."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .constants import DEFAULT_MAP, OUTPUT_FORMAT
from .entries import find_repo_root, manifest_entries, resolve_entries
from .errors import ScanError
from .scanner import Scanner

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from typing import Any

# The boto3 → IAM map each scan of the process reads (``--each`` runs several scans); the
# scanner only reads it.
_MAPS: dict[str, dict[str, Any]] = {}


def read_map(path: Path) -> dict[str, Any]:
    key = os.path.abspath(path)
    if key not in _MAPS:
        _MAPS[key] = json.loads(path.read_text(encoding="utf-8"))
    return _MAPS[key]


def scan(
    root: Path, entries: list[str], map_path: Path = DEFAULT_MAP, repo_root: Path | None = None
) -> dict[str, Any]:
    """Scans and returns the report (the same dict main prints)."""
    root = Path(os.path.abspath(root))
    if not root.is_dir():
        raise ScanError(f"handlers root {root} is not a directory")
    iam_map = read_map(Path(map_path))
    repo = Path(os.path.abspath(repo_root)) if repo_root else find_repo_root(root)
    files, extra_roots = resolve_entries(root, entries)
    return Scanner(root, files, iam_map, repo, extra_roots).scan()


def scan_manifest(
    manifest_path: Path, map_path: Path = DEFAULT_MAP, repo_root: Path | None = None
) -> dict[str, Any]:
    """One report per function of a handlers manifest; the manifest's directory is the root."""
    manifest_path = Path(os.path.abspath(manifest_path))
    root = manifest_path.parent
    repo = Path(os.path.abspath(repo_root)) if repo_root else find_repo_root(root)
    functions = {
        name: scan(root, entries, map_path, repo)
        for name, entries in manifest_entries(manifest_path).items()
    }
    return {
        "format": OUTPUT_FORMAT,
        "functions": functions,
        "manifest": Path(os.path.relpath(manifest_path, repo)).as_posix(),
    }
