"""Paths and helpers shared by the scripts' tests (they read committed files, never the network)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = REPO_ROOT / "scripts"
RESOURCES = REPO_ROOT / "Sources" / "IAM" / "Resources"


def load_script(name: str, path: Path):
    """Imports a script that has no .py suffix (update-iam-catalog, update-boto3-iam-map)."""
    loader = importlib.machinery.SourceFileLoader(name, str(path))
    spec = importlib.util.spec_from_loader(name, loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
