"""Paths and helpers shared by the scripts' tests (they read committed files, never the network)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = REPO_ROOT / "scripts"
RESOURCES = REPO_ROOT / "Sources" / "IAM" / "Resources"


def read_json(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def load_script(name: str, path: Path) -> ModuleType:
    """Imports a script that has no .py suffix (update-iam-catalog, update-boto3-iam-map)."""
    loader = importlib.machinery.SourceFileLoader(name, str(path))
    spec = importlib.util.spec_from_loader(name, loader)
    assert spec is not None, f"no module spec for {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
