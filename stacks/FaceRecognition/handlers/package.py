#!/usr/bin/env python3
"""Reference builder of a function's deterministic zip, as manifest.json's packaging describes.

    python3 package.py detect --out build/detect.zip [--deps DIR]

The zip holds the files of each ``zip_sources`` entry that match its ``include`` patterns (the
function's own ``*.py`` at the root, ``facecommon/*.py`` under ``facecommon/``) and, with
``--deps``, every file of a directory that pip filled with the function's dependencies for the
Lambda platform (manifest.json ``packaging.install_command``). Entries are sorted, dated
1980-01-01 00:00:00, mode 0644, with no directories, caches or compiled files, so the same
inputs always give the same bytes. The Swift synthesizer implements the same rules; this script
is what the tests use to check them.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
EXCLUDED_PARTS = {"__pycache__", "tests"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo"}


def _source_files(directory: Path, prefix: str, patterns: list[str]) -> dict[str, Path]:
    return {
        f"{prefix}{path.relative_to(directory).as_posix()}": path
        for pattern in patterns
        for path in directory.rglob(pattern)
        if path.is_file() and not EXCLUDED_PARTS & set(path.relative_to(directory).parts)
    }


def _dependency_files(directory: Path) -> dict[str, Path]:
    return {
        path.relative_to(directory).as_posix(): path
        for path in directory.rglob("*")
        if path.is_file()
        and path.suffix not in EXCLUDED_SUFFIXES
        and not EXCLUDED_PARTS & set(path.relative_to(directory).parts)
    }


def zip_entries(function: str, deps: Path | None = None) -> dict[str, Path]:
    """Archive name -> file, for one function of manifest.json."""
    manifest = json.loads((ROOT / "manifest.json").read_text())
    try:
        sources = manifest["functions"][function]["zip_sources"]
    except KeyError:
        raise SystemExit(
            f"unknown function {function!r}, expected one of {sorted(manifest['functions'])}"
        ) from None
    entries: dict[str, Path] = dict(_dependency_files(deps)) if deps else {}
    for source in sources:
        prefix = f"{source['to']}/" if source["to"] else ""
        files = _source_files(ROOT / source["from"], prefix, source["include"])
        for name, path in files.items():
            if name in entries:
                raise SystemExit(f"{name} is both a dependency and a source file")
            entries[name] = path
    return entries


def build(function: str, out: Path, deps: Path | None = None) -> None:
    entries = zip_entries(function, deps)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(out.suffix + ".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the mode above is honoured
            archive.writestr(info, entries[name].read_bytes(), compresslevel=9)
    temporary.replace(out)  # atomic: a failed build leaves the previous zip intact


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("function")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--deps", type=Path, help="directory pip installed the requirements into")
    args = parser.parse_args(argv)
    build(args.function, args.out, args.deps)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
