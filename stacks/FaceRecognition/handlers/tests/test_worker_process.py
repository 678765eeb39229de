"""The real worker process (``python service/worker.py``) against moto's server on loopback.

S3, SQS and DynamoDB are moto's server (``python3 -m moto.server``); Rekognition, Auto Scaling
and the instance metadata service, which moto's server does not offer as the worker needs them,
are a small HTTP stub in this process, reached through the SDK's per-service endpoint variables
(``AWS_ENDPOINT_URL_REKOGNITION``, ``AWS_ENDPOINT_URL_AUTO_SCALING``) and
``AWS_EC2_METADATA_SERVICE_ENDPOINT``. The worker itself runs unchanged, configured only by its
environment, as the local cloud and an instance run it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest

from facecommon.ids import image_id
from tests.conftest import MANIFEST, ROOT
from tests.pictures import picture

REGION = "us-east-1"
BUCKET = "facestack-local-images"
TABLE = "facestack-local-FaceRecognitionResults"
INSTANCE_ID = "i-0123456789abcdef0"
MAX_RECEIVES = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(url + "/moto-api/", timeout=1):
                return True
        except OSError:
            return False

    try:
        wait_for(up, timeout=60)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


class Stub:
    """Rekognition (JSON protocol), Auto Scaling (query protocol) and IMDSv2, recorded."""

    def __init__(self) -> None:
        self.detect_delay = 0.0
        self.release = threading.Event()
        self.target_state = "InService"
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.token = "stub-token"
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def reply(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self) -> None:
                assert self.path == "/latest/api/token"
                assert self.headers["X-aws-ec2-metadata-token-ttl-seconds"]
                self.reply(200, stub.token.encode(), "text/plain")

            def do_GET(self) -> None:
                if self.headers.get("X-aws-ec2-metadata-token") != stub.token:
                    self.reply(401, b"", "text/plain")
                    return
                values = {
                    "/latest/meta-data/autoscaling/target-lifecycle-state": stub.target_state,
                    "/latest/meta-data/instance-id": INSTANCE_ID,
                }
                if self.path not in values:
                    self.reply(404, b"", "text/plain")
                    return
                self.reply(200, values[self.path].encode(), "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                target = self.headers.get("X-Amz-Target", "")
                if target.startswith("RekognitionService."):
                    operation = target.split(".", 1)[1]
                    stub.calls.append((operation, json.loads(body)))
                    assert operation == "DetectFaces", operation
                    stub.release.wait(stub.detect_delay)
                    self.reply(200, b'{"FaceDetails": []}', "application/x-amz-json-1.1")
                    return
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
                stub.calls.append((form.pop("Action"), form))
                self.reply(
                    200,
                    b'<CompleteLifecycleActionResponse xmlns="http://autoscaling.amazonaws.com/'
                    b'doc/2011-01-01/"><CompleteLifecycleActionResult/><ResponseMetadata>'
                    b"<RequestId>stub</RequestId></ResponseMetadata>"
                    b"</CompleteLifecycleActionResponse>",
                    "text/xml",
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    server.thread.start()
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


class Cloud:
    """Clients of moto's server, and the resources the stack would have made there."""

    def __init__(self, url: str) -> None:
        urllib.request.urlopen(urllib.request.Request(url + "/moto-api/reset", method="POST"))
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        )
        self.url = url
        self.s3 = session.client("s3", endpoint_url=url)
        self.sqs = session.client("sqs", endpoint_url=url)
        self.dynamodb = session.client("dynamodb", endpoint_url=url)
        self.s3.create_bucket(Bucket=BUCKET)
        definition = MANIFEST["table"]
        self.dynamodb.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            KeySchema=definition["key_schema"],
            AttributeDefinitions=definition["attribute_definitions"],
            GlobalSecondaryIndexes=definition["global_secondary_indexes"],
        )
        self.dead = self.sqs.create_queue(QueueName="work-dead-letters")["QueueUrl"]
        dead_arn = self.sqs.get_queue_attributes(
            QueueUrl=self.dead, AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]
        self.work = self.sqs.create_queue(
            QueueName="work",
            Attributes={
                "VisibilityTimeout": "30",
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dead_arn, "maxReceiveCount": MAX_RECEIVES}
                ),
            },
        )["QueueUrl"]

    def upload(self, key: str, body: bytes) -> None:
        self.s3.put_object(Bucket=BUCKET, Key=key, Body=body)
        # What the rule's input transformer sends for the upload.
        message = json.dumps({"bucket": BUCKET, "key": key, "version_id": None})
        self.sqs.send_message(QueueUrl=self.work, MessageBody=message)

    def counts(self, url: str) -> tuple[int, int]:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=url,
            AttributeNames=[
                "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible",
            ],
        )["Attributes"]
        return (
            int(attributes["ApproximateNumberOfMessages"]),
            int(attributes["ApproximateNumberOfMessagesNotVisible"]),
        )

    def records(self, key: str) -> list[str]:
        items = self.dynamodb.query(
            TableName=TABLE,
            KeyConditionExpression="image_id = :id",
            ExpressionAttributeValues={":id": {"S": image_id(BUCKET, key, None)}},
        )["Items"]
        return sorted(item["record_id"]["S"] for item in items)


@pytest.fixture
def cloud(moto_server: str) -> Cloud:
    return Cloud(moto_server)


class Worker:
    """``python service/worker.py`` with the environment an instance's env file would give."""

    def __init__(self, cloud: Cloud, stub: Stub, log: Path, **settings: str) -> None:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "QUEUE_", "LIFECYCLE_", "AUTOSCALING_"))
        }
        environment.update(
            {
                "PYTHONPATH": str(ROOT),
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": REGION,
                "AWS_ENDPOINT_URL": cloud.url,
                "AWS_ENDPOINT_URL_REKOGNITION": stub.url,
                "AWS_ENDPOINT_URL_AUTO_SCALING": stub.url,
                "COLLECTION_ID": "facestack-local-faces",
                "TABLE_NAME": TABLE,
                "OUTPUT_BUCKET": BUCKET,
                "PIPELINE_NAME": "facestack-local",
                "QUEUE_URL": cloud.work,
                "QUEUE_WAIT_SECONDS": "1",
                "QUEUE_VISIBILITY_TIMEOUT": "30",
                "QUEUE_CONCURRENCY": "4",
                **settings,
            }
        )
        self.log_path = log
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "service" / "worker.py")],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self, timeout: float = 30) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def wait(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout=timeout)
        self.log.close()
        return code

    def lines(self) -> list[dict[str, Any]]:
        return [
            json.loads(line)
            for line in self.log_path.read_text().splitlines()
            if line.startswith("{") and '"level"' in line
        ]


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    workers: list[Worker] = []

    def launch(cloud: Cloud, stub: Stub, **settings: str) -> Worker:
        worker = Worker(cloud, stub, tmp_path / f"worker-{len(workers)}.log", **settings)
        workers.append(worker)
        return worker

    yield launch
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()
        with contextlib.suppress(Exception):
            worker.log.close()
        # Shown by pytest when the test fails.
        print(f"--- {worker.log_path.name}\n{worker.log_path.read_text()}")


def test_the_worker_process_settles_every_message_and_stops_on_sigterm(cloud, stub, start):
    for index in range(3):
        cloud.upload(f"batch/cam/{index}.png", picture([]))
    cloud.upload("batch/cam/notes.txt", b"not an image")
    cloud.sqs.send_message(QueueUrl=cloud.work, MessageBody="not json")

    worker = start(cloud, stub)
    wait_for(lambda: cloud.counts(cloud.dead) == (1, 0) and cloud.counts(cloud.work) == (0, 0))

    assert worker.stop() == 0
    for index in range(3):
        assert cloud.records(f"batch/cam/{index}.png") == ["NO_FACE"]
    assert cloud.records("batch/cam/notes.txt") == ["REJECTED"]
    assert stub.operations().count("DetectFaces") == 3
    stopped = [line for line in worker.lines() if line["message"] == "worker stopped"]
    assert stopped[0]["counts"] == {
        "received": 3 + 1 + MAX_RECEIVES,
        "delete": 4,
        "backoff": 0,
        "poison": MAX_RECEIVES,
        "returned": 0,
    }
    assert all(line["component"] == "worker" for line in worker.lines())


def test_sigterm_returns_a_message_still_in_flight(cloud, stub, start):
    stub.detect_delay = 60  # Rekognition hangs: the image cannot finish
    cloud.upload("batch/cam/slow.png", picture([]))

    worker = start(cloud, stub, QUEUE_DRAIN_SECONDS="1")
    wait_for(lambda: "DetectFaces" in stub.operations())
    assert cloud.counts(cloud.work) == (0, 1)

    started = time.monotonic()
    assert worker.stop() == 0
    assert time.monotonic() - started < 10
    assert cloud.counts(cloud.work) == (1, 0)  # visible again at once, for another worker
    assert cloud.records("batch/cam/slow.png") == []
    assert any(line["message"] == "message returned to the queue" for line in worker.lines())


def test_sigterm_lets_an_image_in_flight_finish(cloud, stub, start):
    stub.detect_delay = 2
    cloud.upload("batch/cam/a.png", picture([]))

    worker = start(cloud, stub, QUEUE_DRAIN_SECONDS="20")
    wait_for(lambda: "DetectFaces" in stub.operations())

    assert worker.stop() == 0
    assert cloud.records("batch/cam/a.png") == ["NO_FACE"]
    assert cloud.counts(cloud.work) == (0, 0)


def test_scale_in_drains_then_completes_the_lifecycle_action(cloud, stub, start):
    stub.detect_delay = 2
    cloud.upload("batch/cam/a.png", picture([]))

    worker = start(
        cloud,
        stub,
        LIFECYCLE_HOOK_NAME="drain-workers",
        AUTOSCALING_GROUP_NAME="facestack-local-recognition",
        AWS_EC2_METADATA_SERVICE_ENDPOINT=stub.url,
    )
    wait_for(lambda: "DetectFaces" in stub.operations())
    stub.target_state = "Terminated"  # Auto Scaling chose this instance for scale-in

    assert worker.wait(timeout=30) == 0  # exits by itself: no signal sent
    assert cloud.records("batch/cam/a.png") == ["NO_FACE"]
    assert cloud.counts(cloud.work) == (0, 0)
    assert stub.calls[-1] == (
        "CompleteLifecycleAction",
        {
            "Version": "2011-01-01",
            "LifecycleHookName": "drain-workers",
            "AutoScalingGroupName": "facestack-local-recognition",
            "InstanceId": INSTANCE_ID,
            "LifecycleActionResult": "CONTINUE",
        },
    )
