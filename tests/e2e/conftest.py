"""The end-to-end fixture: the local cloud, started by facestack itself in a folder of its own
(FACESTACK_LOCAL_DIR): the emulator (moto's server with the face engine), the IAM gateway every
client calls over TLS with the administrator's key `facestack local env` prints, and the runtime
that runs the deployed pipeline. moto's request recorder (MOTO_RECORDER_FILEPATH, started and
read through moto's API on the emulator's own port) shows which calls a deploy made, in order:
moto stores stack policies but does not enforce them.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import boto3
import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "facestack"
REGION = "us-east-1"
T = TypeVar("T")


@dataclass
class LocalCloud:
    folder: Path
    endpoint: str
    access_key_id: str
    secret_access_key: str
    ca_bundle: str
    emulator_port: int
    runtime_port: int
    environment: dict[str, str]

    def client(self, service: str, secret: str | None = None) -> Any:  # a boto3 client
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=secret or self.secret_access_key,
            verify=self.ca_bundle,
        )

    def recorded_calls(self, start: bool = False) -> list[dict[str, str]]:
        """moto's request recorder: with start, erases the recording and starts recording;
        otherwise stops it and returns the recorded CloudFormation calls (their form
        parameters), in order."""
        if start:
            self._moto_api("recorder/reset-recording")
            self._moto_api("recorder/start-recording")
            return []
        self._moto_api("recorder/stop-recording")
        text = self._moto_api("recorder/download-recording", method="GET")
        calls = []
        for line in text.splitlines():
            entry = json.loads(line)
            body = entry.get("body") or ""
            if entry.get("body_encoded"):
                body = base64.b64decode(body).decode("utf-8", "replace")
            form = dict(urllib.parse.parse_qsl(body))
            if form.get("Version") == "2010-05-15":
                calls.append(form)
        return calls

    def _moto_api(self, path: str, method: str = "POST") -> str:
        data = b"" if method == "POST" else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.emulator_port}/moto-api/{path}", data=data, method=method
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            text: str = response.read().decode("utf-8")
            return text

    def runtime(self, path: str) -> Any:
        """The runtime's control API (`/_facestack/...`), as JSON."""
        url = f"http://127.0.0.1:{self.runtime_port}/_facestack/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    def facestack(
        self, *arguments: str, extra: dict[str, str] | None = None, timeout: int = 300
    ) -> subprocess.CompletedProcess[str]:
        environment = dict(self.environment, **(extra or {}))
        return subprocess.run(
            [str(BINARY), *arguments],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def eventually(check: Callable[[], T | None], seconds: float = 120, what: str = "") -> T:
    """The first truthy value `check` returns, polled every 0.2 s (no timing is asserted: the
    limit only ends a test that would otherwise wait forever)."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds} s: {what}")
        time.sleep(0.2)


def clean_environment(folder: Path) -> dict[str, str]:
    """The process environment without any AWS setting, so nothing real is reached."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment["AWS_SHARED_CREDENTIALS_FILE"] = str(folder / "no-credentials")
    environment["AWS_CONFIG_FILE"] = str(folder / "no-config")
    environment["FACESTACK_LOCAL_DIR"] = str(folder / "local")
    environment.pop("FACESTACK_ENVIRONMENTS_DIR", None)
    return environment


@pytest.fixture(scope="session")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run 'swift build' first")
    folder = tmp_path_factory.mktemp("facestack-e2e")
    environment = clean_environment(folder)
    # The emulator's venv is the workspace's (installed once); the cloud's state is the test's.
    venv = ROOT / ".facestack" / "local" / "venv"
    if venv.exists():
        (folder / "local").mkdir()
        (folder / "local" / "venv").symlink_to(venv)
    # moto's request recorder (off until a test starts it) writes here, not in moto's cwd.
    recording = folder / "moto-recording.jsonl"
    started = subprocess.run(
        # Lambda's asynchronous retries wait a minute, then two; these tests wait 1 s, then 2.
        [str(BINARY), "local", "start", "--async-retry-delay", "1"],
        cwd=ROOT,
        env=dict(environment, MOTO_RECORDER_FILEPATH=str(recording)),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert started.returncode == 0, started.stderr
    variables = json.loads(
        subprocess.run(
            [str(BINARY), "local", "env", "--format", "json"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    state = json.loads((folder / "local" / "state.json").read_text())
    yield LocalCloud(
        folder=folder / "local",
        endpoint=variables["AWS_ENDPOINT_URL"],
        access_key_id=variables["AWS_ACCESS_KEY_ID"],
        secret_access_key=variables["AWS_SECRET_ACCESS_KEY"],
        ca_bundle=variables["AWS_CA_BUNDLE"],
        emulator_port=state["emulatorPort"],
        runtime_port=state["runtimePort"],
        environment=environment,
    )
    subprocess.run([str(BINARY), "local", "stop"], cwd=ROOT, env=environment, timeout=60)
