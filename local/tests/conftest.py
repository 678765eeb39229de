"""Fixtures: the real launcher in a subprocess (as facestack starts it), real photographs, and
boto3 clients whose Rekognition answers are checked against botocore's output shapes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest

from facestack_local import samples

from .shapes import assert_matches_output

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ROOT / "local"
CACHE = ROOT / ".facestack" / "cache"
REGION = "us-east-1"

@pytest.fixture(scope="session")
def photos() -> dict[str, bytes]:
    """name → bytes of the sample photos (facestack_local.samples: pinned, hash-checked)."""
    return {name: path.read_bytes() for name, path in samples.ensure(CACHE / "samples").items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Emulator:
    endpoint: str
    process: subprocess.Popen[bytes]
    state_dir: Path
    log: Path
    raw: list[tuple[str, bytes, int]] = field(default_factory=list)

    def client(self, service: str, **options: Any) -> Any:
        client = boto3.client(
            service, endpoint_url=self.endpoint, region_name=options.pop("region", REGION),
            aws_access_key_id=options.pop("key", "testing"),
            aws_secret_access_key=options.pop("secret", "testing"), **options,
        )
        if service == "rekognition":
            client.meta.events.register("before-parse.rekognition.*", self._record)
        return client

    def _record(self, operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        self.raw.append((operation_model.name, response_dict["body"],
                         response_dict["status_code"]))

    def checked(self, client: Any, operation: str, **params: Any) -> dict[str, Any]:
        """Calls a Rekognition operation and checks the raw JSON answer against the model."""
        method = getattr(client, _snake(operation))
        response: dict[str, Any] = method(**params)
        name, body, status = self.raw[-1]
        assert (name, status) == (operation, 200)
        assert_matches_output(operation, json.loads(body))
        return response

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.endpoint + path, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def health(self) -> dict[str, Any]:
        status, body = self.get("/_facestack/health")
        assert status == 200
        return dict(json.loads(body))


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def start_emulator(state_dir: Path, *extra: str) -> Emulator:
    port = free_port()
    log = state_dir / "emulator.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment["PYTHONPATH"] = str(LOCAL)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "facestack_local.emulator", "--host", "127.0.0.1",
             "--port", str(port), "--state-dir", str(state_dir), *extra],
            stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment,
        )
    emulator = Emulator(f"http://127.0.0.1:{port}", process, state_dir, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        if (state_dir / "emulator.json").exists():
            try:
                if emulator.health()["faceEngine"]["state"] != "loading":
                    return emulator
            except OSError:
                pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError(f"the emulator did not start: {log.read_text()}")


def stop_emulator(emulator: Emulator) -> int:
    emulator.process.send_signal(signal.SIGTERM)
    return emulator.process.wait(timeout=30)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    running = start_emulator(tmp_path_factory.mktemp("emulator"))
    yield running
    assert stop_emulator(running) == 0, running.log.read_text()
    assert not (running.state_dir / "emulator.json").exists()
