"""The reference zip builder: layout, exclusions, determinism, and that Lambda could import it."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile

import pytest

from package import build, zip_entries
from tests.conftest import ROOT


@pytest.mark.parametrize("name", ["detect", "store", "enroll"])
def test_zip_has_the_handler_at_the_root_and_the_shared_package(tmp_path, name):
    out = tmp_path / f"{name}.zip"
    build(name, out)

    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        infos = archive.infolist()
    assert "app.py" in names
    assert "facecommon/__init__.py" in names
    assert names == sorted(names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "tests/" in n]
    assert not [n for n in names if n.endswith(".txt")]
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}


def test_zip_is_byte_for_byte_reproducible(tmp_path):
    (ROOT / "facecommon" / "__pycache__").mkdir(exist_ok=True)
    build("store", tmp_path / "a.zip")
    build("store", tmp_path / "b.zip")

    digest = [hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("a.zip", "b.zip")]
    assert digest[0] == digest[1]


def test_dependencies_go_to_the_zip_root(tmp_path):
    deps = tmp_path / "deps"
    (deps / "PIL").mkdir(parents=True)
    (deps / "PIL" / "__init__.py").write_text("")
    (deps / "PIL" / "__pycache__").mkdir()
    (deps / "PIL" / "__pycache__" / "x.cpython-312.pyc").write_bytes(b"")

    entries = zip_entries("detect", deps)

    assert "PIL/__init__.py" in entries
    assert not [name for name in entries if name.endswith(".pyc")]


@pytest.mark.parametrize("name", ["detect", "store", "enroll"])
def test_lambda_can_import_the_handler_from_the_zip(tmp_path, name):
    out = tmp_path / f"{name}.zip"
    build(name, out)
    script = (
        "import os, sys\n"
        f"sys.path[:] = [{str(out)!r}] + [p for p in sys.path if 'handlers' not in p]\n"
        "os.environ.update(TABLE_NAME='t', OUTPUT_BUCKET='b', COLLECTION_ID='c',"
        " AWS_DEFAULT_REGION='us-east-1')\n"
        "import app\n"
        "assert callable(app.handler), app\n"
        "assert app.__file__.startswith(sys.path[0]), app.__file__\n"
    )
    subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, timeout=60, cwd=tmp_path
    )


def test_unknown_function_is_a_clear_error(tmp_path):
    with pytest.raises(SystemExit, match="unknown function 'nope'"):
        build("nope", tmp_path / "x.zip")


def test_service_zip_carries_its_unit_and_requirements(tmp_path):
    build("service", tmp_path / "service.zip")

    with zipfile.ZipFile(tmp_path / "service.zip") as archive:
        names = set(archive.namelist())
    assert {"app.py", "requirements.txt", "facestack-recognition.service"} <= names
    assert "facecommon/pipeline.py" in names
