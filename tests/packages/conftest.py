"""The packages as `facestack synth` builds them: synthesized once per session."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "facestack"
HANDLERS = ROOT / "stacks" / "FaceRecognition" / "handlers"
MANIFEST = json.loads((HANDLERS / "manifest.json").read_text())


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Synthesizes every environment into a scratch folder; the packages go to .facestack/assets."""
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run 'swift build' first")
    out = tmp_path_factory.mktemp("synth")
    result = subprocess.run(
        [str(BINARY), "synth", "--all", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assets = json.loads((ROOT / ".facestack" / "assets" / "manifest.json").read_text())
    template = (out / "templates" / "dev" / "FaceRecognition.yaml").read_text()
    found: dict[str, Path] = {}
    for package in assets["packages"].values():
        key = f"assets/{package['sha256']}.zip"
        if key in template:
            found[package["name"]] = ROOT / ".facestack" / "assets" / f"{package['sha256']}.zip"
    assert set(found) == set(MANIFEST["functions"]), found
    return found
