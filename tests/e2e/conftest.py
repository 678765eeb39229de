"""The end-to-end fixture: moto's server with signature verification, run by facestack itself.

`facestack local start` runs the emulator in a folder of its own (FACESTACK_EMULATOR_DIR) with
INITIAL_NO_AUTH_ACTION_COUNT=3: the first three requests create an IAM user, its policy and an
access key, and every later request must be signed with that key. moto's request recorder
(MOTO_RECORDER_FILEPATH, started and read through moto's API) shows which calls a deploy made,
in order: moto stores stack policies but does not enforce them.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "facestack"
REGION = "us-east-1"


@dataclass
class Emulator:
    endpoint: str
    access_key_id: str
    secret_access_key: str
    environment: dict[str, str]

    def client(self, service: str, secret: str | None = None) -> Any:  # a boto3 client
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=secret or self.secret_access_key,
        )

    @contextmanager
    def verification_paused(self) -> Iterator[None]:
        """moto's server rejects boto3's own signatures on Lambda's REST API (SignatureDoesNotMatch
        on every Lambda call, a moto 5.2.1 bug): Lambda is read with verification paused through
        moto's reset-auth API, and turned back on at once. facestack never calls Lambda."""
        self._reset_auth(1_000_000)
        try:
            yield
        finally:
            self._reset_auth(0)

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
            f"{self.endpoint}/moto-api/{path}", data=data, method=method
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            text: str = response.read().decode("utf-8")
            return text

    def _reset_auth(self, count: int) -> None:
        request = urllib.request.Request(
            f"{self.endpoint}/moto-api/reset-auth",
            data=str(count).encode(),
            headers={"Content-Type": "text/plain"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

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


def clean_environment(folder: Path) -> dict[str, str]:
    """The process environment without any AWS setting, so nothing real is reached."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment["AWS_SHARED_CREDENTIALS_FILE"] = str(folder / "no-credentials")
    environment["AWS_CONFIG_FILE"] = str(folder / "no-config")
    environment["FACESTACK_EMULATOR_DIR"] = str(folder / "emulator")
    environment.pop("FACESTACK_ENVIRONMENTS_DIR", None)
    return environment


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run 'swift build' first")
    folder = tmp_path_factory.mktemp("facestack-e2e")
    environment = clean_environment(folder)
    # moto's request recorder (off until a test starts it) writes here, not in moto's cwd.
    recording = folder / "moto-recording.jsonl"
    started = subprocess.run(
        [str(BINARY), "local", "start"],
        cwd=ROOT,
        env=dict(
            environment, INITIAL_NO_AUTH_ACTION_COUNT="3", MOTO_RECORDER_FILEPATH=str(recording)
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    state = json.loads((folder / "emulator" / "state.json").read_text())
    endpoint = f"http://127.0.0.1:{state['port']}"
    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    iam.create_user(UserName="deployer")
    iam.put_user_policy(
        UserName="deployer",
        PolicyName="admin",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName="deployer")["AccessKey"]
    environment["FACESTACK_LOCAL_ACCESS_KEY_ID"] = key["AccessKeyId"]
    environment["FACESTACK_LOCAL_SECRET_ACCESS_KEY"] = key["SecretAccessKey"]
    yield Emulator(endpoint, key["AccessKeyId"], key["SecretAccessKey"], environment)
    subprocess.run([str(BINARY), "local", "stop"], cwd=ROOT, env=environment, timeout=60)
