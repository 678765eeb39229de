"""Entry modules: from the command line's files, dotted names and directories, or a manifest."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .constants import EXCLUDED_DIRS
from .errors import ScanError


def find_repo_root(start: Path) -> Path:
    for directory in [start, *start.parents]:
        if (directory / ".git").exists():
            return directory
    return Path.cwd()


def python_files(directory: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(
            name for name in dirnames if name not in EXCLUDED_DIRS and not name.startswith(".")
        )
        for filename in sorted(filenames):
            if (
                filename.endswith(".py")
                and not filename.startswith("test_")
                and filename != "conftest.py"
            ):
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


def manifest_entries(manifest_path: Path) -> dict[str, list[str]]:
    """Function name → entry module files (relative to the manifest's directory) for each function
    of a handlers manifest: the module of its ``handler`` (``app.handler``) or ``entry_point``
    (``app:app``), then the module of its ``worker.entry_point`` (``worker:main``: a second
    process of the same package, under the same role), each inside the zip source that lands at
    the top of its package (``"to": ""``)."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entries = {}
    for name, function in sorted(manifest.get("functions", {}).items()):
        if "handler" in function:
            modules = [function["handler"].rsplit(".", 1)[0]]
        elif "entry_point" in function:
            modules = [function["entry_point"].split(":", 1)[0]]
        else:
            raise ScanError(f"{manifest_path}: function {name} has neither handler nor entry_point")
        worker = function.get("worker")
        if isinstance(worker, dict) and "entry_point" in worker:
            modules.append(worker["entry_point"].split(":", 1)[0])
        top = next(
            (
                source["from"]
                for source in function.get("zip_sources", [])
                if source.get("to") == ""
            ),
            None,
        )
        if top is None:
            raise ScanError(f'{manifest_path}: function {name} has no zip source with "to": ""')
        entries[name] = [f"{top}/{module.replace('.', '/')}.py" for module in modules]
    return entries
