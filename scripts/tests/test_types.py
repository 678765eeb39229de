"""Strict static types (mypy, configured in mypy.ini) of the scanner, the update scripts and their
tests, and of the repository's end-to-end and package suites, which only type-check here (they
run against a Swift build, in `make e2e`)."""

from __future__ import annotations

import pytest
from mypy import api
from scripts_support import REPO_ROOT

# Each pytest suite is its own import root with its own `conftest` module, so each is one mypy
# run; no paths means the files mypy.ini lists (scripts/).
RUNS = {"scripts": [], "e2e": ["tests/e2e"], "packages": ["tests/packages"]}


@pytest.mark.parametrize("paths", RUNS.values(), ids=RUNS.keys())
def test_python_type_checks_strictly(monkeypatch: pytest.MonkeyPatch, paths: list[str]) -> None:
    monkeypatch.chdir(REPO_ROOT)
    stdout, stderr, status = api.run(["--config-file", str(REPO_ROOT / "mypy.ini"), *paths])
    assert status == 0, stdout + stderr
