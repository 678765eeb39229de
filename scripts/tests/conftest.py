"""Fixtures for the scripts' tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scripts_support import RESOURCES, read_json


@pytest.fixture(scope="session")
def catalog() -> dict[str, Any]:
    return read_json(RESOURCES / "iam-catalog.json")


@pytest.fixture(scope="session")
def iam_map() -> dict[str, Any]:
    return read_json(RESOURCES / "boto3-iam-map.json")
