"""The queue worker's consumer, in process: moto's SQS, S3 and DynamoDB, the fake Rekognition."""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from facecommon import consumer as consumer_module
from facecommon.clients import client_config
from facecommon.config import ConfigError, WorkerSettings
from facecommon.consumer import BACKOFF, DELETE, POISON, RETURNED, QueueConsumer, message_image
from facecommon.errors import InvalidEventError
from facecommon.events import ImageRef
from facecommon.ids import image_id
from facecommon.pipeline import Pipeline
from tests.conftest import BUCKET, COLLECTION, REGION, TABLE, put_image
from tests.pictures import GREEN, RED, Face, picture

MAX_RECEIVES = 2


@functools.cache
def _sqs_client() -> Any:
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    return session.client("sqs", config=client_config())


@pytest.fixture
def sqs(clients: Any) -> Any:
    """An SQS client; moto intercepts it while ``clients`` holds mock_aws open."""
    return _sqs_client()


@pytest.fixture
def queues(sqs: Any) -> dict[str, str]:
    """The work queue and its dead-letter queue, as the stack makes them."""
    dead = sqs.create_queue(QueueName="work-dead-letters")["QueueUrl"]
    dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    work = sqs.create_queue(
        QueueName="work",
        Attributes={
            "VisibilityTimeout": "30",
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dead_arn, "maxReceiveCount": MAX_RECEIVES}
            ),
        },
    )["QueueUrl"]
    return {"work": work, "dead": dead}


def settings(queue_url: str, **overrides: Any) -> WorkerSettings:
    values: dict[str, Any] = {
        "queue_url": queue_url,
        "batch_size": 10,
        "wait_seconds": 0,
        "visibility_timeout": 30,
        "concurrency": 4,
        "drain_seconds": 5,
        "lifecycle_hook_name": "",
        "autoscaling_group_name": "",
        "metadata_endpoint": "http://169.254.169.254",
        "metrics_endpoint": "",
    }
    values.update(overrides)
    return WorkerSettings(**values)


@pytest.fixture
def pipeline(clients, bucket, table, rekognition, detect_settings, store_settings, metrics):
    return Pipeline(
        detect=detect_settings, store=store_settings, clients=clients, metrics=metrics
    )


def body(key: str, version_id: str | None = None) -> str:
    """What the rule's input transformer writes for an upload."""
    return json.dumps({"bucket": BUCKET, "key": key, "version_id": version_id})


def counts(sqs: Any, url: str) -> tuple[int, int]:
    """(visible, in flight) messages of a queue."""
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return (
        int(attributes["ApproximateNumberOfMessages"]),
        int(attributes["ApproximateNumberOfMessagesNotVisible"]),
    )


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def running() -> Iterator[Callable[[QueueConsumer], threading.Thread]]:
    """Starts consumers in threads; every one is stopped and joined at the end of the test."""
    started: list[tuple[QueueConsumer, threading.Thread]] = []

    def start(worker: QueueConsumer) -> threading.Thread:
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        started.append((worker, thread))
        return thread

    yield start
    for worker, thread in started:
        worker.stop()
        thread.join(timeout=30)
        assert not thread.is_alive()


def records(clients: Any, key: str) -> list[str]:
    items = clients.dynamodb.query(
        TableName=TABLE,
        KeyConditionExpression="image_id = :id",
        ExpressionAttributeValues={":id": {"S": image_id(BUCKET, key, None)}},
    )["Items"]
    return sorted(item["record_id"]["S"] for item in items)


# -- the happy path and idempotence -------------------------------------------------------------


def test_each_message_is_detected_stored_and_deleted(
    sqs, queues, clients, rekognition, pipeline, running
):
    rekognition.enroll(COLLECTION, RED, "alice")
    put_image(clients, "input/cam/a.png", picture([Face(RED, (100, 100, 200, 200))]))
    put_image(
        clients,
        "batch/cam/b.png",
        picture([Face(GREEN, (50, 50, 150, 150)), Face(RED, (300, 100, 120, 140))]),
    )
    put_image(clients, "batch/cam/c.png", picture([]))
    for key in ["input/cam/a.png", "batch/cam/b.png", "batch/cam/c.png"]:
        sqs.send_message(QueueUrl=queues["work"], MessageBody=body(key))

    worker = QueueConsumer(sqs, settings(queues["work"]), pipeline.process)
    running(worker)
    wait_for(lambda: worker.counts[DELETE] == 3)

    assert records(clients, "input/cam/a.png") == ["FACE#000"]
    assert records(clients, "batch/cam/b.png") == ["FACE#000", "FACE#001"]
    assert records(clients, "batch/cam/c.png") == ["NO_FACE"]
    item = clients.dynamodb.get_item(
        TableName=TABLE,
        Key={
            "image_id": {"S": image_id(BUCKET, "input/cam/a.png", None)},
            "record_id": {"S": "FACE#000"},
        },
    )["Item"]
    assert item["person_id"] == {"S": "alice"}
    assert item["execution_id"]["S"].startswith("sqs:")
    processed = clients.s3.get_object(Bucket=BUCKET, Key="processed/batch/cam/b.png.json")
    assert len(processed["Body"].read().splitlines()) == 2
    assert counts(sqs, queues["work"]) == (0, 0)
    assert counts(sqs, queues["dead"]) == (0, 0)


def test_a_redelivered_message_writes_the_same_rows(sqs, queues, clients, pipeline, running):
    put_image(
        clients,
        "input/cam/a.png",
        picture([Face(RED, (100, 100, 200, 200)), Face(GREEN, (300, 100, 400, 200))]),
    )
    worker = QueueConsumer(sqs, settings(queues["work"]), pipeline.process)
    running(worker)
    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/cam/a.png"))
    wait_for(lambda: worker.counts[DELETE] == 1)
    first = clients.dynamodb.scan(TableName=TABLE)["Items"]

    # At-least-once delivery: the same upload again (a duplicate event, a returned message).
    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/cam/a.png"))
    wait_for(lambda: worker.counts[DELETE] == 2)
    second = clients.dynamodb.scan(TableName=TABLE)["Items"]

    assert len(first) == len(second) == 2
    assert sorted(i["record_id"]["S"] for i in second) == ["FACE#000", "FACE#001"]


def test_a_rejected_image_is_stored_as_a_rejection_and_deleted(
    sqs, queues, clients, pipeline, running
):
    put_image(clients, "input/cam/x.jpg", b"not an image at all")
    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/cam/x.jpg"))

    worker = QueueConsumer(sqs, settings(queues["work"]), pipeline.process)
    running(worker)
    wait_for(lambda: worker.counts[DELETE] == 1)

    assert records(clients, "input/cam/x.jpg") == ["REJECTED"]
    assert counts(sqs, queues["work"]) == (0, 0)


def test_a_whole_eventbridge_event_is_accepted_too():
    event = {
        "detail-type": "Object Created",
        "detail": {"bucket": {"name": BUCKET}, "object": {"key": "batch/a.png"}},
    }

    ref = message_image(json.dumps(event), "m-1")

    assert ref == ImageRef(BUCKET, "batch/a.png", None, "sqs:m-1")


# -- failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["not json", json.dumps({"unexpected": 1}), json.dumps([1])])
def test_malformed_bodies_are_invalid_events(text):
    with pytest.raises(InvalidEventError):
        message_image(text, "m-1")


def test_poison_messages_reach_the_dead_letter_queue(sqs, queues, clients, pipeline, running):
    sqs.send_message(QueueUrl=queues["work"], MessageBody="not json")
    sqs.send_message(QueueUrl=queues["work"], MessageBody=json.dumps({"bucket": BUCKET}))

    worker = QueueConsumer(sqs, settings(queues["work"]), pipeline.process)
    running(worker)
    wait_for(lambda: counts(sqs, queues["dead"])[0] == 2)

    assert worker.counts[POISON] == 2 * MAX_RECEIVES
    assert worker.counts[DELETE] == 0
    assert clients.dynamodb.scan(TableName=TABLE)["Items"] == []
    moved = sqs.receive_message(QueueUrl=queues["dead"], MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in moved) == sorted(["not json", json.dumps({"bucket": BUCKET})])


def test_a_throttled_image_is_retried_after_a_backoff(
    sqs, queues, clients, rekognition, pipeline, running, monkeypatch
):
    monkeypatch.setattr(consumer_module, "retry_delay", lambda receive_count: 1)
    put_image(clients, "input/cam/a.png", picture([Face(RED, (100, 100, 200, 200))]))
    rekognition.fail("DetectFaces", "ThrottlingException")
    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/cam/a.png"))

    worker = QueueConsumer(sqs, settings(queues["work"]), pipeline.process)
    running(worker)
    wait_for(lambda: worker.counts[DELETE] == 1)

    assert worker.counts[BACKOFF] == 1
    assert worker.counts["received"] == 2
    assert records(clients, "input/cam/a.png") == ["FACE#000"]


def test_an_image_that_keeps_failing_ends_in_the_dead_letter_queue(
    sqs, queues, clients, pipeline, running, monkeypatch
):
    monkeypatch.setattr(consumer_module, "retry_delay", lambda receive_count: 0)

    def broken(ref: ImageRef) -> dict[str, Any]:
        # What Pipeline.process returns for an unexpected error, after recording the failure.
        return {"status": "FAILED", "bucket": ref.bucket, "key": ref.key, "error": "KeyError"}

    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/cam/a.png"))
    worker = QueueConsumer(sqs, settings(queues["work"]), broken)
    running(worker)
    wait_for(lambda: counts(sqs, queues["dead"])[0] == 1)

    assert worker.counts[BACKOFF] == MAX_RECEIVES
    assert counts(sqs, queues["work"]) == (0, 0)


def test_retry_delays_grow_and_are_capped():
    assert [consumer_module.retry_delay(n) for n in [1, 2, 3, 8, 9, 100]] == [
        2,
        4,
        8,
        256,
        300,
        300,
    ]


# -- visibility and drain ----------------------------------------------------------------------


def test_visibility_is_extended_while_an_image_is_processed(sqs, queues, running):
    release = threading.Event()

    def slow(ref: ImageRef) -> dict[str, Any]:
        release.wait(10)
        return {"status": "OK"}

    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/a.png"))
    worker = QueueConsumer(sqs, settings(queues["work"], visibility_timeout=2), slow)
    running(worker)
    wait_for(lambda: worker.counts["received"] == 1)

    time.sleep(4)  # twice the visibility timeout: without the heartbeat it would be visible
    assert counts(sqs, queues["work"]) == (0, 1)
    release.set()
    wait_for(lambda: worker.counts[DELETE] == 1)
    assert worker.counts["received"] == 1
    assert counts(sqs, queues["work"]) == (0, 0)


def test_stop_lets_images_in_flight_finish(sqs, queues):
    started = threading.Event()

    def slow(ref: ImageRef) -> dict[str, Any]:
        started.set()
        time.sleep(0.5)
        return {"status": "OK"}

    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/a.png"))
    worker = QueueConsumer(sqs, settings(queues["work"], drain_seconds=10), slow)
    thread = threading.Thread(target=worker.run)
    thread.start()
    assert started.wait(10)
    worker.stop()
    thread.join(20)

    assert not thread.is_alive()
    assert worker.counts[DELETE] == 1
    assert worker.counts[RETURNED] == 0
    assert counts(sqs, queues["work"]) == (0, 0)


def test_stop_returns_what_is_still_held_when_the_drain_time_is_up(sqs, queues):
    release = threading.Event()
    started = threading.Event()

    def stuck(ref: ImageRef) -> dict[str, Any]:
        started.set()
        release.wait(10)
        return {"status": "OK"}

    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/a.png"))
    worker = QueueConsumer(sqs, settings(queues["work"], drain_seconds=0), stuck)
    thread = threading.Thread(target=worker.run)
    thread.start()
    assert started.wait(10)
    worker.stop()
    thread.join(20)

    assert not thread.is_alive()
    assert worker.counts[RETURNED] == 1
    assert counts(sqs, queues["work"]) == (1, 0)  # visible again at once, for another worker
    release.set()
    time.sleep(0.3)
    assert worker.counts[DELETE] == 0  # the late result does not delete a returned message
    assert counts(sqs, queues["work"]) == (1, 0)


class StopDuringPoll:
    """An SQS client whose long poll ends with a stop request (SIGTERM during the poll)."""

    def __init__(self, sqs: Any) -> None:
        self.sqs = sqs
        self.worker: QueueConsumer | None = None

    def receive_message(self, **arguments: Any) -> Any:
        response = self.sqs.receive_message(**arguments)
        assert self.worker is not None
        self.worker.stop()
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sqs, name)


def test_messages_received_after_the_stop_are_returned_unstarted(sqs, queues):
    for index in range(3):
        sqs.send_message(QueueUrl=queues["work"], MessageBody=body(f"input/{index}.png"))
    processed: list[ImageRef] = []
    client = StopDuringPoll(sqs)
    worker = QueueConsumer(client, settings(queues["work"]), processed.append)
    client.worker = worker

    worker.run()

    assert processed == []
    assert worker.counts["received"] == 3
    assert worker.counts[RETURNED] == 3
    assert counts(sqs, queues["work"]) == (3, 0)


def test_concurrency_bounds_the_messages_held(sqs, queues, running):
    release = threading.Event()
    most = 0
    lock = threading.Lock()
    active = 0

    def slow(ref: ImageRef) -> dict[str, Any]:
        nonlocal most, active
        with lock:
            active += 1
            most = max(most, active)
        release.wait(10)
        with lock:
            active -= 1
        return {"status": "OK"}

    for index in range(7):
        sqs.send_message(QueueUrl=queues["work"], MessageBody=body(f"input/{index}.png"))
    worker = QueueConsumer(sqs, settings(queues["work"], concurrency=3), slow)
    running(worker)
    wait_for(lambda: worker.held() == 3)
    time.sleep(0.3)
    assert worker.held() == 3
    assert counts(sqs, queues["work"]) == (4, 3)
    release.set()
    wait_for(lambda: worker.counts[DELETE] == 7)
    assert most == 3


class CountingSQS:
    """An SQS client that counts its receives."""

    def __init__(self, sqs: Any) -> None:
        self._sqs = sqs
        self.receives = 0

    def receive_message(self, **arguments: Any) -> Any:
        self.receives += 1
        return self._sqs.receive_message(**arguments)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sqs, name)


def test_an_idle_short_polling_worker_pauses_between_empty_receives(sqs, queues, running):
    counting = CountingSQS(sqs)
    worker = QueueConsumer(counting, settings(queues["work"], wait_seconds=0), lambda ref: {})
    running(worker)
    time.sleep(1.0)
    # One receive per pause at most; a spinning loop makes hundreds in a second.
    assert 1 <= counting.receives <= 1.0 / consumer_module.EMPTY_SHORT_POLL_PAUSE_SECONDS + 2
    sqs.send_message(QueueUrl=queues["work"], MessageBody=body("input/late.png"))
    wait_for(lambda: worker.counts[DELETE] == 0 and worker.counts[BACKOFF] == 1)


# -- settings ----------------------------------------------------------------------------------


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("QUEUE_URL", "http://localhost/q")
    defaults = WorkerSettings.from_env()
    assert (defaults.batch_size, defaults.wait_seconds) == (10, 20)
    assert (defaults.visibility_timeout, defaults.concurrency) == (180, 8)
    assert defaults.drain_seconds == 25
    assert defaults.lifecycle_hook_name == ""

    monkeypatch.setenv("LIFECYCLE_HOOK_NAME", "drain")
    with pytest.raises(ConfigError, match="must be set together"):
        WorkerSettings.from_env()
    monkeypatch.setenv("AUTOSCALING_GROUP_NAME", "facestack-dev-recognition")
    assert WorkerSettings.from_env().autoscaling_group_name == "facestack-dev-recognition"

    monkeypatch.setenv("QUEUE_BATCH_SIZE", "11")
    with pytest.raises(ConfigError, match="QUEUE_BATCH_SIZE must be between 1 and 10"):
        WorkerSettings.from_env()
    monkeypatch.delenv("QUEUE_BATCH_SIZE")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "file:///etc/passwd")
    with pytest.raises(ConfigError, match="AWS_EC2_METADATA_SERVICE_ENDPOINT"):
        WorkerSettings.from_env()
    monkeypatch.delenv("AWS_EC2_METADATA_SERVICE_ENDPOINT")
    monkeypatch.delenv("QUEUE_URL")
    with pytest.raises(ConfigError, match="QUEUE_URL"):
        WorkerSettings.from_env()
