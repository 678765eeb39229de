"""Benchmark of the deployed pipeline on the local cloud, as a user runs it.

    make bench-local        # = python3 local/bench_pipeline.py [--photos 20] [--burst 40]

Builds nothing: it drives `.build/debug/facestack` (build it first) in a folder of its own
(FACESTACK_LOCAL_DIR), so it never meets a local cloud you have running. It starts the local
cloud, deploys `dev` under the prefix facestack-bench, enrolls one person, then measures:

- Lambda path, one image in flight: N photos uploaded one after the other under input/; the
  latency from the upload's return to its first result row being readable (a GetItem-free
  Query on the image's partition, polled every 20 ms).
- Lambda path, two images in flight: the same with two uploaders; throughput in images/s.
- Invocation overhead: from the runtime's own records, each invocation's duration beyond its
  handler's time (the Runtime API round trip, the environment's scheduling), warm and cold
  (cold includes the environment's start and the handler module's import).
- A burst of M photos put at once, through the Lambda path (input/) and the fleet path
  (batch/) with 1, 2 and 4 local workers (each on a local cloud of its own, `local start
  --workers N`):
  images/s from the first upload to the last row, and per-image latency from its upload to
  the row's processed_at (both clocks are this machine's).

Prints Markdown tables (the figures in docs/local-cloud.md come from it). Timing is the
machine's: run it on a quiet machine and compare runs made the same way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BINARY = ROOT / ".build" / "debug" / "facestack"
sys.path.insert(0, str(HERE))

from facestack_local import samples  # noqa: E402

PREFIX = "facestack-bench"
BUCKET = f"{PREFIX}-images-111111111111"
TABLE = f"{PREFIX}-FaceRecognitionResults"
GROUP = f"{PREFIX}-recognition"
REGION = "us-east-1"


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p50 of [1, 2, 3, 4] is 2)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def milliseconds(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{percentile(values, 0.5) * 1000:.0f} / {percentile(values, 0.95) * 1000:.0f}"


def image_id(key: str, version_id: str | None) -> str:
    """facecommon.ids.image_id: the result rows' partition key."""
    uri = f"s3://{BUCKET}/{key}"
    if version_id:
        uri += f"?versionId={version_id}"
    return hashlib.sha256(uri.encode("utf-8")).hexdigest()[:32]


@dataclass
class Cloud:
    folder: Path
    environments: Path
    environment: dict[str, str]
    endpoint: str = ""
    key: str = ""
    secret: str = ""
    ca_bundle: str = ""
    runtime_port: int = 0

    def facestack(self, *arguments: str) -> str:
        result = subprocess.run(  # noqa: S603 (our own binary)
            [str(BINARY), *arguments],
            cwd=ROOT,
            env=self.environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"facestack {' '.join(arguments)} failed: {result.stderr.strip()}")
        return result.stdout

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.key,
            aws_secret_access_key=self.secret,
            verify=self.ca_bundle,
        )

    def runtime(self, path: str) -> Any:
        url = f"http://127.0.0.1:{self.runtime_port}/_facestack/{path}"
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
            return json.loads(response.read())

    def deploy(self, workers: int) -> None:
        for file in (ROOT / "stacks" / "environments").glob("*.yaml"):
            shutil.copy(file, self.environments / file.name)
        dev = self.environments / "dev.yaml"
        text = dev.read_text()
        for old, new in {
            "namePrefix: facestack-dev": f"namePrefix: {PREFIX}",
            "workers: 1": f"workers: {workers}",
        }.items():
            if old not in text:
                raise SystemExit(f"stacks/environments/dev.yaml no longer contains {old!r}")
            text = text.replace(old, new)
        dev.write_text(text)
        self.facestack("deploy", "--env", "dev", "--local", "--yes", "--progress", "plain")
        # Settled: exactly `workers` queue workers running, the same processes for 5 s (a worker
        # stopped by the redeploy in the middle of a long poll would hide a message for the
        # queue's visibility timeout, as on AWS).
        seen: list[tuple[float, set[int]]] = []

        def settled() -> bool:
            pids = {
                p["pid"]
                for p in self.runtime("fleet")
                if p["group"] == GROUP and p["program"] == "worker.py" and p["running"]
            }
            if len(pids) != workers or (seen and seen[-1][1] != pids):
                seen.clear()
            if len(pids) == workers and not seen:
                seen.append((time.monotonic(), pids))
            return bool(seen) and time.monotonic() - seen[0][0] >= 5

        wait(settled, f"{workers} local fleet workers", every=0.5)


def wait(check: Callable[[], object], what: str, seconds: float = 600, every: float = 0.02) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"not within {seconds:.0f} s: {what}")
        time.sleep(every)


@contextmanager
def local_cloud(workers: int) -> Iterator[Cloud]:
    with tempfile.TemporaryDirectory(prefix="facestack-bench-") as scratch:
        folder = Path(scratch)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        environment |= {
            "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-credentials"),
            "AWS_CONFIG_FILE": str(folder / "no-config"),
            "FACESTACK_LOCAL_DIR": str(folder / "local"),
            "FACESTACK_ENVIRONMENTS_DIR": str(folder / "environments"),
        }
        (folder / "environments").mkdir()
        venv = ROOT / ".facestack" / "local" / "venv"
        if venv.exists():
            (folder / "local").mkdir()
            (folder / "local" / "venv").symlink_to(venv)
        cloud = Cloud(folder / "local", folder / "environments", environment)
        cloud.facestack("local", "start", "--workers", str(workers))
        try:
            variables = json.loads(cloud.facestack("local", "env", "--format", "json"))
            state = json.loads((cloud.folder / "state.json").read_text())
            cloud.endpoint = variables["AWS_ENDPOINT_URL"]
            cloud.key = variables["AWS_ACCESS_KEY_ID"]
            cloud.secret = variables["AWS_SECRET_ACCESS_KEY"]
            cloud.ca_bundle = variables["AWS_CA_BUNDLE"]
            cloud.runtime_port = state["runtimePort"]
            yield cloud
        finally:
            subprocess.run(  # noqa: S603 (our own binary)
                [str(BINARY), "local", "stop"],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                timeout=120,
                check=False,
            )


class Uploader:
    """Puts photos and waits for their rows, with clients of its own (one per thread)."""

    def __init__(self, cloud: Cloud, photos: list[bytes]) -> None:
        self.s3 = cloud.client("s3")
        self.dynamodb = cloud.client("dynamodb")
        self.photos = photos

    def put(self, key: str, index: int) -> tuple[str, float]:
        """The uploaded version's image id and the wall-clock time the upload returned."""
        answer = self.s3.put_object(
            Bucket=BUCKET, Key=key, Body=self.photos[index % len(self.photos)]
        )
        return image_id(key, answer.get("VersionId")), time.time()

    def rows(self, identifier: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.dynamodb.query(
            TableName=TABLE,
            KeyConditionExpression="image_id = :id",
            ExpressionAttributeValues={":id": {"S": identifier}},
        )["Items"]
        return items

    def round_trip(self, key: str, index: int) -> float:
        """Seconds from the upload's return to the first row being readable."""
        identifier, _ = self.put(key, index)
        started = time.monotonic()
        wait(lambda: self.rows(identifier), f"a row of {key}", seconds=300)
        return time.monotonic() - started


def sequential(cloud: Cloud, photos: list[bytes], count: int, run: str) -> list[float]:
    uploader = Uploader(cloud, photos)
    return [uploader.round_trip(f"input/bench/{run}-{i:03d}.jpg", i) for i in range(count)]


def two_in_flight(cloud: Cloud, photos: list[bytes], count: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()
    indices = iter(range(count))

    def work() -> None:
        uploader = Uploader(cloud, photos)
        while True:
            with lock:
                index = next(indices, None)
            if index is None:
                return
            seconds = uploader.round_trip(f"input/bench/pair-{index:03d}.jpg", index)
            with lock:
                latencies.append(seconds)

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, count / (time.monotonic() - started)


def processed_at(row: dict[str, Any]) -> float:
    text = row["processed_at"]["S"].replace("Z", "+00:00")
    return datetime.fromisoformat(text).timestamp()


def burst(cloud: Cloud, photos: list[bytes], count: int, prefix: str) -> tuple[list[float], float]:
    """Puts `count` photos under `prefix` as fast as four uploaders can, then waits for every
    row: per-image latency (upload → processed_at) and images/s (first put → last row)."""
    uploaded: dict[str, float] = {}
    lock = threading.Lock()
    indices = iter(range(count))
    run = f"{prefix}bench/{time.time_ns()}"

    def put() -> None:
        uploader = Uploader(cloud, photos)
        while True:
            with lock:
                index = next(indices, None)
            if index is None:
                return
            identifier, at = uploader.put(f"{run}-{index:03d}.jpg", index)
            with lock:
                uploaded[identifier] = at

    started = time.monotonic()
    threads = [threading.Thread(target=put) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reader = Uploader(cloud, photos)
    latencies: dict[str, float] = {}

    def settled() -> bool:
        for identifier, at in uploaded.items():
            if identifier not in latencies and (rows := reader.rows(identifier)):
                latencies[identifier] = min(processed_at(row) for row in rows) - at
        return len(latencies) == count

    wait(settled, f"rows of {count} photos under {prefix}", every=0.2)
    return list(latencies.values()), count / (time.monotonic() - started)


def invocation_overheads(cloud: Cloud) -> tuple[list[float], list[float]]:
    """Warm and cold: each pipeline invocation's duration beyond its handler's own time."""
    records = cloud.runtime("records")
    cold_ids = {
        r["requestId"] for r in records if r.get("type") == "invocationStarted" and r.get("cold")
    }
    warm: list[float] = []
    cold: list[float] = []
    for record in records:
        if record.get("type") != "invocationEnded" or record.get("handlerMs") is None:
            continue
        if not record["function"].startswith(f"{PREFIX}-"):
            continue
        overhead = (record["durationMs"] - record["handlerMs"]) / 1000
        (cold if record["requestId"] in cold_ids else warm).append(overhead)
    return warm, cold


def prepare(cloud: Cloud, workers: int, enrollment: Path) -> None:
    cloud.deploy(workers=workers)
    cloud.facestack("local", "upload", "--enroll", "obama", "--wait", str(enrollment))


def fleet_row(cloud: Cloud, photos: list[bytes], count: int, workers: int) -> str:
    latencies, rate = burst(cloud, photos, count, "batch/")
    plural = "s" if workers > 1 else ""
    return f"| fleet (batch/), {workers} worker{plural} | {rate:.2f} | {milliseconds(latencies)} |"


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20, help="photos per sequential run")
    parser.add_argument("--burst", type=int, default=40, help="photos per burst")
    parser.add_argument("--workers", default="1,2,4", help="fleet worker counts to measure")
    options = parser.parse_args(arguments)
    if not BINARY.exists():
        print(f"{BINARY} is missing: run 'swift build' first", file=sys.stderr)  # noqa: T201
        return 2
    pictures = samples.ensure(ROOT / ".facestack" / "cache" / "samples")
    photos = [pictures[name].read_bytes() for name in ("obama2.jpg", "obama3.jpg", "biden.jpg")]
    out: list[str] = []
    workers = [int(w) for w in options.workers.split(",") if w] or [1]
    with local_cloud(workers[0]) as cloud:
        prepare(cloud, workers[0], pictures["obama.jpg"])
        sequential(cloud, photos, 2, "warmup")
        one = sequential(cloud, photos, options.photos, "one")
        two, pair_rate = two_in_flight(cloud, photos, options.photos)
        warm, cold = invocation_overheads(cloud)
        cpus = os.cpu_count()
        load = os.getloadavg()[0]
        out += [
            f"Lambda path, {options.photos} photos each ({cpus} cores, load {load:.1f}):",
            "",
            "| measure | p50 / p95 (ms) | count |",
            "|---|---|---|",
            f"| upload → row, one in flight | {milliseconds(one)} | {len(one)} |",
            f"| upload → row, two in flight | {milliseconds(two)} | {len(two)} |",
            f"| invocation overhead, warm | {milliseconds(warm)} | {len(warm)} |",
            f"| invocation overhead, cold | {milliseconds(cold)} | {len(cold)} |",
            "",
            f"Throughput with two in flight: {pair_rate:.2f} images/s; one in flight: "
            f"{1 / statistics.mean(one):.2f} images/s.",
            "",
            f"A burst of {options.burst} photos put at once (each fleet size on a local cloud of "
            "its own, started with `--workers N`):",
            "",
            "| path | images/s | upload → row p50 / p95 (ms) |",
            "|---|---|---|",
        ]
        latencies, rate = burst(cloud, photos, options.burst, "input/")
        out.append(f"| Lambda (input/) | {rate:.2f} | {milliseconds(latencies)} |")
        out.append(fleet_row(cloud, photos, options.burst, workers[0]))
    for count in workers[1:]:
        with local_cloud(count) as cloud:
            prepare(cloud, count, pictures["obama.jpg"])
            out.append(fleet_row(cloud, photos, options.burst, count))
    print("\n".join(out))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
