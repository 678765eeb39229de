"""The fleet path on the local cloud: uploads under batch/ reach the work queue through the
deployed rule, and local instances of the Auto Scaling group — the launch template's service
package, run under the instance profile's role through the IAM gateway — process them.

100 photos with one local worker, then with four (the environment file's local.workers,
changed between two deploys): every photo has exactly one result row or a dead-letter entry.
A worker killed with SIGKILL in the middle of a batch loses nothing (its messages come back
after the visibility timeout, to the worker started in its place); a worker sent SIGTERM
drains: it finishes or returns what it holds, then exits cleanly.

The stack is dev under the prefix facestack-fleet, with short timeouts so that a killed
worker's messages come back within 30 s (the queue's shortest visibility timeout here).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, LocalCloud, eventually

sys.path.insert(0, str(ROOT / "local"))
from facestack_local import samples

PREFIX = "facestack-fleet"
GROUP = f"{PREFIX}-recognition"


def environment_file(folder: Path, workers: int) -> None:
    for file in (ROOT / "stacks" / "environments").glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    dev = folder / "dev.yaml"
    text = dev.read_text()
    replacements = {
        "namePrefix: facestack-dev": f"namePrefix: {PREFIX}",
        "detect: {memorySize: 1024, timeout: 60": "detect: {memorySize: 1024, timeout: 10",
        "store: {memorySize: 256, timeout: 30": "store: {memorySize: 256, timeout: 10",
        "visibilityTimeout: 120": "visibilityTimeout: 30",
        "workers: 1": f"workers: {workers}",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    dev.write_text(text)


class Fleet:
    def __init__(self, cloud: LocalCloud, folder: Path) -> None:
        self.cloud = cloud
        self.folder = folder
        self.extra = {"FACESTACK_ENVIRONMENTS_DIR": str(folder)}

    def run(self, *arguments: str) -> str:
        result = self.cloud.facestack(*arguments, extra=self.extra, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def deploy(self, workers: int) -> str:
        environment_file(self.folder, workers)
        return self.run("deploy", "--env", "dev", "--local", "--yes", "--progress", "plain")

    def processes(self, program: str = "worker.py") -> list[dict[str, Any]]:
        return [
            p
            for p in self.cloud.runtime("fleet")
            if p["group"] == GROUP and p["program"] == program
        ]

    def upload(self, photos: list[Path]) -> None:
        self.run("local", "upload", "--batch", *map(str, photos))

    def rows(self, prefix: str) -> list[dict[str, Any]]:
        out = self.run("local", "results", "--limit", "100000", "--format", "json")
        rows = [json.loads(line) for line in out.splitlines()]
        return [row for row in rows if row["key"].startswith(prefix)]

    def dead_letters(self) -> list[str]:
        sqs = self.cloud.client("sqs")
        url = sqs.get_queue_url(QueueName=f"{PREFIX}-work-dead-letters")["QueueUrl"]
        keys = []
        while messages := sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=600
        ).get("Messages", []):
            for message in messages:
                detail = json.loads(message["Body"]).get("detail", {})
                keys.append(detail.get("object", {}).get("key", "?"))
        return keys

    def settle(self, keys: list[str], prefix: str) -> list[dict[str, Any]]:
        """The rows of `keys` once each has a row (or is a dead letter); no key has two."""
        dead: list[str] = []

        def settled() -> list[dict[str, Any]] | None:
            rows = self.rows(prefix)
            dead.extend(self.dead_letters())
            done = {row["key"] for row in rows} | set(dead)
            return rows if set(keys) <= done else None

        rows = eventually(settled, seconds=600, what=f"rows of {len(keys)} photos under {prefix}")
        per_key: dict[str, list[str]] = {}
        for row in rows:
            per_key.setdefault(row["key"], []).append(row["record_id"])
        duplicated = {key: ids for key, ids in per_key.items() if len(ids) != len(set(ids))}
        assert duplicated == {}
        assert set(per_key) | set(dead) == set(keys), "a row for a photo never uploaded"
        assert dead == [], f"good photos went to the dead-letter queue: {dead}"
        # Each sample has one face: one row each, none lost, none twice.
        assert sorted(per_key) == sorted(keys)
        assert all(ids == ["FACE#000"] for ids in per_key.values())
        return rows


@pytest.fixture(scope="module")
def fleet(cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    fleet = Fleet(cloud, tmp_path_factory.mktemp("fleet-environments"))
    out = fleet.deploy(workers=1)
    assert f"local fleet {GROUP}: running 1" in out
    return fleet


def burst(tmp_path: Path, name: str, count: int) -> list[Path]:
    pictures = list(samples.ensure(ROOT / ".facestack" / "cache" / "samples").values())
    folder = tmp_path / name
    folder.mkdir()
    paths = []
    for index in range(count):
        path = folder / f"{name}-{index:03d}.jpg"
        shutil.copy(pictures[index % len(pictures)], path)
        paths.append(path)
    return paths


def test_one_worker_processes_100_photos(fleet: Fleet, tmp_path: Path) -> None:
    assert len(fleet.processes()) == 1
    photos = burst(tmp_path, "one", 100)
    fleet.upload(photos)
    fleet.settle([f"batch/{p.name}" for p in photos], "batch/one-")


def test_four_workers_process_100_photos(fleet: Fleet, tmp_path: Path) -> None:
    out = fleet.deploy(workers=4)
    assert f"local fleet {GROUP}: running 4" in out
    workers = fleet.processes()
    assert len(workers) == 4
    assert len({w["instance"] for w in workers}) == 4
    assert all(
        w["role"].split("/")[-1].startswith(f"{PREFIX}-FaceRecognition-Fleet") for w in workers
    )
    photos = burst(tmp_path, "four", 100)
    fleet.upload(photos)
    fleet.settle([f"batch/{p.name}" for p in photos], "batch/four-")
    # The work was shared.
    logs = [Path(w["log"]).read_text() for w in fleet.processes()]
    assert sum("image processed" in log or "records stored" in log for log in logs) >= 2


def working(log: Path, after: int) -> bool:
    """Whether the worker has processed an image since `after` (it receives up to ten messages
    at a time, so it holds more: it is mid-batch)."""
    return '"message_id"' in log.read_text()[after:]


def test_a_worker_killed_mid_batch_loses_nothing(fleet: Fleet, tmp_path: Path) -> None:
    victim = fleet.processes()[0]
    log = Path(victim["log"])
    before = len(log.read_text())
    photos = burst(tmp_path, "kill", 24)
    fleet.upload(photos)
    eventually(lambda: working(log, before), what="the victim processing")
    os.kill(victim["pid"], signal.SIGKILL)
    # Its place is taken (the group keeps its size), and every photo is processed once.
    eventually(
        lambda: any(
            w["instance"] == victim["instance"] and w["pid"] != victim["pid"] and w["running"]
            for w in fleet.processes()
        ),
        what="the killed worker started again",
    )
    fleet.settle([f"batch/{p.name}" for p in photos], "batch/kill-")
    exits = [
        r
        for r in fleet.cloud.runtime("records")
        if r["type"] == "fleetProcessExited" and r["instance"] == victim["instance"]
    ]
    assert exits[-1]["status"] != 0


def test_a_worker_sent_sigterm_drains_before_it_exits(fleet: Fleet, tmp_path: Path) -> None:
    victim = fleet.processes()[1]
    log = Path(victim["log"])
    before = len(log.read_text())
    photos = burst(tmp_path, "term", 24)
    fleet.upload(photos)
    eventually(lambda: working(log, before), what="the worker processing")
    os.kill(victim["pid"], signal.SIGTERM)

    def exited() -> dict[str, Any] | None:
        for record in fleet.cloud.runtime("records"):
            if record["type"] == "fleetProcessExited" and record["instance"] == victim["instance"]:
                return dict(record)
        return None

    record = eventually(exited, seconds=120, what="the drained worker's exit")
    assert record["status"] == 0
    text = log.read_text()[before:]
    assert "draining" in text
    fleet.settle([f"batch/{p.name}" for p in photos], "batch/term-")
