"""Fixtures for the scripts' tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scripts_support import RESOURCES


@pytest.fixture(scope="session")
def catalog() -> dict:
    return json.loads((RESOURCES / "iam-catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def iam_map() -> dict:
    return json.loads((RESOURCES / "boto3-iam-map.json").read_text(encoding="utf-8"))
