"""The service as systemd runs it: the service package that `facestack synth` builds, unpacked
into an install directory, started as ``python <install_dir>/app.py`` with its settings in the
environment."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

PIPELINE_ENV = {
    "COLLECTION_ID": "faces",
    "TABLE_NAME": "FaceRecognitionResults",
    "OUTPUT_BUCKET": "images",
    "PIPELINE_NAME": "facestack-dev",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_python_app_py_serves_healthz_and_stops_cleanly(
    packages: dict[str, Path], tmp_path: Path, workers: str
) -> None:
    install_dir = tmp_path / "opt" / "facestack" / "service"
    with zipfile.ZipFile(packages["service"]) as archive:
        archive.extractall(install_dir)
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        **PIPELINE_ENV,
        "SERVICE_HOST": "127.0.0.1",
        "SERVICE_PORT": str(port),
        "SERVICE_WORKERS": workers,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    log = (tmp_path / "stdout").open("w+")
    process = subprocess.Popen(
        [sys.executable, str(install_dir / "app.py")],
        cwd=tmp_path,  # systemd sets WorkingDirectory, but app.py must not depend on it
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, (tmp_path / "stdout").read_text()
        assert body["status"] == "ok"
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        log.close()
    # uvicorn drains, then re-raises SIGTERM (one worker) or exits 0 (supervisor): both are a
    # clean stop for systemd, which counts SIGTERM as success.
    assert code in (0, -signal.SIGTERM), (tmp_path / "stdout").read_text()
    lines = [json.loads(line) for line in (tmp_path / "stdout").read_text().splitlines()]
    assert any(line.get("path") == "/healthz" and line["status"] == 200 for line in lines)
    assert all(line["component"] == "service" for line in lines if "component" in line)
