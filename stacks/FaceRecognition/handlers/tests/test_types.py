"""Strict static types of the shipped code (mypy, configured in pyproject.toml)."""

from __future__ import annotations

from mypy import api

from tests.conftest import ROOT


def test_shipped_code_type_checks_strictly(monkeypatch):
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    assert status == 0, stdout + stderr
