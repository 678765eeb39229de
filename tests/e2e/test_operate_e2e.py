"""Operating a deployed stack on the local cloud: status, outputs, events (and --follow through
an update) and a function's logs after a local run, in text and JSON, each checked against what
boto3 reads from the same local cloud; drift, which the emulator cannot do, refused with exit 2;
and every read-only command with no local cloud running: exit 2, and no local cloud started.

The stack is the dev environment under its own prefix (facestack-ops), so it meets none of the
other test files' stacks.
"""

from __future__ import annotations

import contextlib
import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import BINARY, ROOT, LocalCloud, clean_environment, eventually

sys.path.insert(0, str(ROOT / "local"))
from facestack_local import samples

PREFIX = "facestack-ops"
STACK = f"{PREFIX}-FaceRecognition"
READ_ONLY = [
    ["status"],
    ["outputs"],
    ["events"],
    ["events", "--follow"],
    ["logs", "--function", "detect"],
    ["diff", "--deployed"],
    ["destroy", "--yes"],
]


def test_read_only_commands_never_start_a_local_cloud(tmp_path: Path) -> None:
    environment = clean_environment(tmp_path)
    for command in READ_ONLY:
        result = subprocess.run(
            [str(BINARY), *command, "--env", "dev", "--local"],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert result.stderr == (
            "error: the local cloud is not running; start it with 'facestack local start'\n"
        ), command
        assert result.stdout == "", command
    # Nothing was started: the local cloud's folder does not even exist.
    assert not (tmp_path / "local").exists()


def test_drift_on_the_local_cloud_says_the_emulator_cannot(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BINARY), "drift", "--env", "dev", "--local"],
        cwd=ROOT,
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: drift detection is not available on the local cloud: its emulator (moto) "
        "implements no DetectStackDrift"
    )
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "local").exists()


def environments(folder: Path, memory: int) -> Path:
    for file in (ROOT / "stacks" / "environments").glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    dev = folder / "dev.yaml"
    text = dev.read_text()
    for old, new in {
        "namePrefix: facestack-dev": f"namePrefix: {PREFIX}",
        "detect: {memorySize: 1024": f"detect: {{memorySize: {memory}",
    }.items():
        assert old in text, old
        text = text.replace(old, new)
    dev.write_text(text)
    return folder


class Operated:
    """The facestack-ops stack on the local cloud, through facestack's commands."""

    def __init__(self, cloud: LocalCloud, folder: Path) -> None:
        self.cloud = cloud
        self.folder = folder
        self.extra = {"FACESTACK_ENVIRONMENTS_DIR": str(folder)}

    def run(self, *arguments: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        result = self.cloud.facestack(*arguments, extra=self.extra)
        assert result.returncode == code, result.stdout + result.stderr
        return result

    def read(self, command: str, *arguments: str) -> str:
        return self.run(command, "--env", "dev", "--local", *arguments).stdout

    def deploy(self, memory: int) -> str:
        environments(self.folder, memory)
        return self.run("deploy", "--env", "dev", "--local", "--yes", "--progress", "plain").stdout

    def described(self) -> dict[str, Any]:
        stack: dict[str, Any] = self.cloud.client("cloudformation").describe_stacks(
            StackName=STACK
        )["Stacks"][0]
        return stack

    def events(self) -> list[dict[str, Any]]:
        """Every event of the stack, through boto3's paginator, oldest first."""
        paginator = self.cloud.client("cloudformation").get_paginator("describe_stack_events")
        events = [e for page in paginator.paginate(StackName=STACK) for e in page["StackEvents"]]
        return list(reversed(events))


@pytest.fixture(scope="module")
def operated(cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory) -> Operated:
    operated = Operated(cloud, environments(tmp_path_factory.mktemp("operate-environments"), 1024))
    # Not deployed yet: an input error naming the deploy to run.
    missing = operated.run("status", "--env", "dev", "--local", code=2)
    assert f"no deployed stack {STACK} in us-east-1 on the local cloud" in missing.stderr
    out = operated.deploy(memory=1024)
    assert f"deployed {STACK}: CREATE_COMPLETE" in out
    return operated


def test_status_in_text_and_json(operated: Operated, cloud: LocalCloud) -> None:
    described = operated.described()
    resources = cloud.client("cloudformation").list_stack_resources(StackName=STACK)
    count = len(resources["StackResourceSummaries"])
    text = operated.read("status")
    lines = text.splitlines()
    assert lines[0] == f"stack        {STACK} (dev, local cloud, us-east-1)"
    assert lines[1] == "status       CREATE_COMPLETE"
    assert "protection   termination protection off" in lines
    assert "drift        not available on the local cloud" in lines
    assert f"resources    {count}" in lines
    bucket = next(o for o in described["Outputs"] if o["OutputKey"] == "ImagesBucketName")
    assert f"  ImagesBucketName     {bucket['OutputValue']}" in lines

    document = json.loads(operated.read("status", "--format", "json"))
    assert list(document) == [
        "schemaVersion",
        "environment",
        "region",
        "local",
        "stack",
        "lastEvent",
        "drift",
        "outputs",
        "localCloud",
    ]
    assert document["schemaVersion"] == 1
    assert document["local"] is True
    assert document["stack"]["id"] == described["StackId"]
    assert document["stack"]["status"] == described["StackStatus"]
    assert document["stack"]["terminationProtection"] is False
    assert document["stack"]["resourceCount"] == count
    assert document["outputs"] == {o["OutputKey"]: o["OutputValue"] for o in described["Outputs"]}
    assert document["lastEvent"]["eventId"] == operated.events()[-1]["EventId"]
    assert document["drift"] is None
    assert document["localCloud"]["endpoint"] == cloud.endpoint


def test_outputs_in_text_json_and_env(operated: Operated) -> None:
    outputs = {o["OutputKey"]: o["OutputValue"] for o in operated.described()["Outputs"]}
    assert len(outputs) >= 5
    width = max(map(len, outputs))
    assert operated.read("outputs") == "".join(
        f"{key.ljust(width)}  {outputs[key]}\n" for key in sorted(outputs)
    )
    document = json.loads(operated.read("outputs", "--format", "json"))
    assert document == {
        "schemaVersion": 1,
        "environment": "dev",
        "stack": STACK,
        "outputs": outputs,
    }
    # KEY=value lines a shell reads back to the same values.
    env = operated.read("outputs", "--format", "env")
    assert env.splitlines() == [f"{key}={outputs[key]}" for key in sorted(outputs)]
    echoed = subprocess.run(
        ["sh", "-c", f'{env}\nprintf %s "$ImagesBucketName"'],
        capture_output=True,
        text=True,
        check=True,
    )
    assert echoed.stdout == outputs["ImagesBucketName"]


def test_events_newest_last_in_text_and_json(operated: Operated) -> None:
    events = operated.events()
    lines = operated.read("events").splitlines()
    assert len(lines) == len(events)
    assert lines[-1].split("  ")[1:4] == [
        events[-1]["ResourceStatus"],
        "AWS::CloudFormation::Stack",
        STACK,
    ]
    records = [
        json.loads(line) for line in operated.read("events", "--format", "json").splitlines()
    ]
    assert [r["eventId"] for r in records] == [e["EventId"] for e in events]
    assert list(records[0]) == [
        "timestamp",
        "status",
        "type",
        "logicalId",
        "physicalId",
        "reason",
        "failed",
        "eventId",
    ]
    assert {r["logicalId"] for r in records} >= {"Images", "Results", "Detect", STACK}
    assert not any(r["failed"] for r in records)
    # --since reaches back far enough for all of them, and not to a time before the stack.
    since = [
        json.loads(x)
        for x in operated.read("events", "--since", "1h", "--format", "json").splitlines()
    ]
    assert [r["eventId"] for r in since] == [r["eventId"] for r in records]
    bad = operated.run("events", "--env", "dev", "--local", "--since", "an hour", code=2)
    assert "--since an hour is not a duration" in bad.stderr


def test_events_follow_prints_an_update_as_it_happens(operated: Operated) -> None:
    before = {e["EventId"] for e in operated.events()}
    follower = subprocess.Popen(
        [str(BINARY), "events", "--env", "dev", "--local", "--follow", "--format", "json"],
        cwd=ROOT,
        env=dict(operated.cloud.environment, **operated.extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert follower.stdout is not None
        seen: list[dict[str, Any]] = []

        lines: queue.Queue[str] = queue.Queue()

        # A thread reads: select() cannot see lines already in the file object's buffer.
        def pump() -> None:
            for line in follower.stdout:  # type: ignore[union-attr]
                lines.put(line)

        threading.Thread(target=pump, daemon=True).start()

        def read_until(done: Any, seconds: float = 300) -> None:
            deadline = time.monotonic() + seconds
            while not done():
                assert time.monotonic() < deadline, f"not followed: {seen[-3:]}"
                assert follower.poll() is None, follower.stderr.read()  # type: ignore[union-attr]
                with contextlib.suppress(queue.Empty):
                    seen.append(json.loads(lines.get(timeout=1)))

        # First every event there is, then the update's, each once.
        read_until(lambda: {r["eventId"] for r in seen} >= before)
        out = operated.deploy(memory=1280)
        assert f"deployed {STACK}: UPDATE_COMPLETE" in out
        read_until(
            lambda: any(r["logicalId"] == STACK and r["status"] == "UPDATE_COMPLETE" for r in seen)
        )
    finally:
        follower.terminate()
        follower.wait(timeout=30)
    ids = [r["eventId"] for r in seen]
    assert len(ids) == len(set(ids))
    new = [r for r in seen if r["eventId"] not in before]
    assert [r["status"] for r in new if r["logicalId"] == "Detect"] == [
        "UPDATE_IN_PROGRESS",
        "UPDATE_COMPLETE",
    ]
    assert ids == [e["EventId"] for e in operated.events()]


def test_logs_of_a_local_run_in_text_and_json(operated: Operated, cloud: LocalCloud) -> None:
    photos = samples.ensure(ROOT / ".facestack" / "cache" / "samples")
    operated.run("local", "upload", "--env", "dev", "--wait", str(photos["obama2.jpg"]))
    group = f"/aws/lambda/{PREFIX}-detect"

    def logged() -> list[dict[str, Any]] | None:
        out = operated.read("logs", "--function", "detect", "--format", "json")
        records = [json.loads(line) for line in out.splitlines()]
        return records if any("faces detected" in r["message"] for r in records) else None

    records = eventually(logged, what="the detect function's log line")
    assert {r["logGroup"] for r in records} == {group}
    assert list(records[0]) == ["timestamp", "logGroup", "logStream", "eventId", "message"]
    expected = cloud.client("logs").filter_log_events(logGroupName=group)["events"]
    assert {r["eventId"] for r in records} <= {e["eventId"] for e in expected}
    structured = next(json.loads(r["message"]) for r in records if "faces detected" in r["message"])
    assert structured["component"] == "detect"
    assert structured["face_count"] == 1

    # Text: one line per event (not on a terminal: no pretty-printing); the same by physical
    # name, and the same through 'local logs' (one code path).
    text = operated.read("logs", "--function", "detect")
    assert len(text.splitlines()) == len(records)
    assert operated.read("logs", "--function", f"{PREFIX}-detect") == text
    local = operated.run("local", "logs", "--env", "dev", "--function", "detect").stdout
    assert local == text
    filtered = operated.read("logs", "--function", "detect", "--filter", '"faces detected"')
    assert filtered.splitlines()
    assert all("faces detected" in line for line in filtered.splitlines())
    unknown = operated.run("logs", "--env", "dev", "--local", "--function", "nobody", code=2).stderr
    assert f"no function nobody in {STACK}; its functions: " in unknown


def test_drift_with_the_local_cloud_running_is_still_refused(operated: Operated) -> None:
    result = operated.run("drift", "--env", "dev", "--local", code=2)
    assert "drift detection is not available on the local cloud" in result.stderr
    assert result.stdout == ""
