"""`--event-hook URL`: every EventBridge event (from S3 and from PutEvents) is POSTed to the hook
and moto delivers nothing to the rules' targets."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from .conftest import Emulator, start_emulator, stop_emulator


class Hook:
    def __init__(self) -> None:
        self.received: queue.Queue[dict[str, Any]] = queue.Queue()
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                received.put(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next(self, timeout: float = 10.0) -> dict[str, Any]:
        return self.received.get(timeout=timeout)


@pytest.fixture(scope="module")
def hook() -> Iterator[Hook]:
    running = Hook()
    yield running
    running.server.shutdown()


@pytest.fixture(scope="module")
def hooked(hook: Hook, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    state: Path = tmp_path_factory.mktemp("hooked")
    running = start_emulator(state, "--event-hook", hook.url)
    yield running
    assert stop_emulator(running) == 0


def test_events_go_to_the_hook_and_not_to_targets(hooked: Emulator, hook: Hook) -> None:
    s3, sqs, events = hooked.client("s3"), hooked.client("sqs"), hooked.client("events")
    s3.create_bucket(Bucket="hooked-images")
    s3.put_bucket_versioning(Bucket="hooked-images",
                             VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_notification_configuration(
        Bucket="hooked-images", NotificationConfiguration={"EventBridgeConfiguration": {}})
    url = sqs.create_queue(QueueName="hooked-target")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"]
    events.create_event_bus(Name="orders")
    for bus in ("default", "orders"):
        events.put_rule(Name=f"everything-{bus}", EventBusName=bus,
                        EventPattern=json.dumps({"source": [{"prefix": ""}]}))
        events.put_targets(Rule=f"everything-{bus}", EventBusName=bus,
                           Targets=[{"Id": "queue", "Arn": arn}])

    put = s3.put_object(Bucket="hooked-images", Key="input/a.jpg", Body=b"\xff\xd8\xff")
    posted = hook.next()
    assert posted["eventBusName"] == "default"
    event = posted["event"]
    assert event["detail-type"] == "Object Created"
    assert event["source"] == "aws.s3"
    assert event["detail"]["object"]["version-id"] == put["VersionId"]
    assert event["detail"]["object"]["key"] == "input/a.jpg"

    s3.delete_object(Bucket="hooked-images", Key="input/a.jpg")
    deleted = hook.next()["event"]
    assert deleted["detail-type"] == "Object Deleted"
    assert deleted["detail"]["deletion-type"] == "Delete Marker Created"
    assert deleted["detail"]["reason"] == "DeleteObject"

    answer = events.put_events(Entries=[
        {"Source": "facestack.test", "DetailType": "Order Placed", "Detail": '{"id": 1}'},
        {"Source": "facestack.test", "DetailType": "Order Placed", "Detail": '{"id": 2}',
         "EventBusName": "orders"},
    ])
    assert answer["FailedEntryCount"] == 0
    first, second = hook.next(), hook.next()
    assert (first["eventBusName"], first["event"]["detail"]) == ("default", {"id": 1})
    assert (second["eventBusName"], second["event"]["detail"]) == ("orders", {"id": 2})
    assert first["event"]["id"] == answer["Entries"][0]["EventId"]
    assert second["event"]["account"] == "123456789012"

    time.sleep(0.5)
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []) == []
    assert hook.received.empty()
