"""The Lambda and service packages as `facestack synth` builds them, opened with Python's zipfile
and checked against the layout that handlers/manifest.json documents (its `zip_sources` and
`packaging`). facestack's Swift packager is the only one; this is the independent reader."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import HANDLERS, MANIFEST

EXCLUDED_PARTS = {"__pycache__", "tests", ".pytest_cache", ".ruff_cache", "bin"}


def expected_sources(function: str) -> set[str]:
    """The archive names manifest.json's zip_sources promise: every file under each folder."""
    names: set[str] = set()
    for source in MANIFEST["functions"][function]["zip_sources"]:
        folder = HANDLERS / source["from"]
        prefix = f"{source['to']}/" if source["to"] else ""
        for path in folder.rglob("*"):
            relative = path.relative_to(folder)
            if (
                path.is_file()
                and not EXCLUDED_PARTS & set(relative.parts)
                and not any(part.startswith(".") for part in relative.parts)
                and path.suffix not in {".pyc", ".pyo"}
            ):
                names.add(prefix + relative.as_posix())
    return names


@pytest.mark.parametrize("function", sorted(MANIFEST["functions"]))
def test_a_package_holds_its_sources_stored_sorted_dated_and_read_only(
    packages: dict[str, Path], function: str
) -> None:
    with zipfile.ZipFile(packages[function]) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert expected_sources(function) <= set(names)
    assert not [n for n in names if n.endswith(("/", ".pyc")) or "__pycache__" in n]
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    assert {info.compress_type for info in infos} == {zipfile.ZIP_STORED}
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert {info.create_system for info in infos} == {3}


def test_detect_carries_pillow_for_arm64_at_the_root(packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(packages["detect"]) as archive:
        names = archive.namelist()
        binaries = [n for n in names if n.startswith("PIL/_imaging.") and n.endswith(".so")]
        assert binaries
        assert "aarch64" in binaries[0]
        elf = archive.read(binaries[0])
    assert elf[:4] == b"\x7fELF"
    assert int.from_bytes(elf[18:20], "little") == 183  # EM_AARCH64


def test_the_service_package_carries_its_units_and_requirements(packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(packages["service"]) as archive:
        names = set(archive.namelist())
    assert {"app.py", "requirements.txt", "facestack-recognition.service"} <= names
    # The queue worker ships in the same package, with its own unit.
    assert {"worker.py", "facestack-worker.service"} <= names
    assert {"facecommon/pipeline.py", "facecommon/consumer.py", "facecommon/lifecycle.py"} <= names


@pytest.mark.parametrize("function", ["store", "enroll"])
def test_lambda_can_import_the_handler_from_the_package(
    packages: dict[str, Path], function: str, tmp_path: Path
) -> None:
    package = str(packages[function])
    script = (
        "import os, sys\n"
        f"sys.path[:] = [{package!r}] + [p for p in sys.path if 'handlers' not in p]\n"
        "os.environ.update(TABLE_NAME='t', OUTPUT_BUCKET='b', COLLECTION_ID='c',"
        " AWS_DEFAULT_REGION='us-east-1')\n"
        "import app\n"
        "assert callable(app.handler), app\n"
        "assert app.__file__.startswith(sys.path[0]), app.__file__\n"
    )
    subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, timeout=60, cwd=tmp_path
    )
